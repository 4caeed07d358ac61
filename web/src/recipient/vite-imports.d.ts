// Vite's `?worker&url` import: the URL of a separately bundled worker script (here, the download service worker).
declare module '*?worker&url' {
  const url: string;
  export default url;
}

// Stylesheets imported for their side effect; Vite emits them as files (the CSP allows only 'self' styles).
declare module '*.css';
