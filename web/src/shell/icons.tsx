// Every icon the app draws, as inline SVG: a glyph such as 🔒 or ✉ renders as an empty box where no emoji or symbol
// font is installed. Icons are decoration next to a text that says the same (aria-hidden, not focusable), sized
// in em so they follow the text and zoom, and drawn in currentColor so they take the text's colour and contrast.
// Strict CSP: no inline styles, so sizes and colours come from attributes and classes only.
import type { ReactNode } from 'react';

interface IconProps {
  /** Extra class for placement; the icon itself is always `icon`. */
  className?: string;
  /** Size in em (1 = the surrounding text's size). */
  size?: number;
}

function Svg(props: IconProps & { children: ReactNode }): ReactNode {
  const size = `${props.size ?? 1}em`;
  return (
    <svg
      className={props.className ? `icon ${props.className}` : 'icon'}
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {props.children}
    </svg>
  );
}

/** End-to-end encryption (replaces 🔒). */
export function LockIcon(props: IconProps): ReactNode {
  return (
    <Svg {...props}>
      <rect x="4.5" y="10.5" width="15" height="10.5" rx="2" />
      <path d="M8 10.5V7a4 4 0 0 1 8 0v3.5" />
      <path d="M12 14.5v2.5" />
    </Svg>
  );
}

/** The brand mark (replaces ✉). */
export function BrandIcon(props: IconProps): ReactNode {
  return (
    <Svg {...props}>
      <rect x="2.5" y="5" width="19" height="14" rx="2" />
      <path d="m3 6.5 9 6.5 9-6.5" />
    </Svg>
  );
}

/** Remove / close (replaces ×). */
export function CloseIcon(props: IconProps): ReactNode {
  return (
    <Svg {...props}>
      <path d="M6 6l12 12M18 6 6 18" />
    </Svg>
  );
}

/** A warning (replaces ⚠). */
export function WarningIcon(props: IconProps): ReactNode {
  return (
    <Svg {...props}>
      <path d="M10.3 3.9 2.4 17.5A2 2 0 0 0 4.1 20.5h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
      <path d="M12 9.5v4.5M12 17.5h.01" />
    </Svg>
  );
}

/** Read status: a closed envelope (nobody opened it yet). Parts carry classes so the status can fill them. */
export function EnvelopeClosedIcon(props: IconProps): ReactNode {
  return (
    <Svg {...props}>
      <rect x="2.5" y="5.5" width="19" height="13" rx="1.5" className="envelope-body" />
      <path d="M3 6.5 12 13l9-6.5" className="envelope-line" />
    </Svg>
  );
}

/** Read status: an open envelope (some or all recipients opened it). */
export function EnvelopeOpenIcon(props: IconProps): ReactNode {
  return (
    <Svg {...props}>
      <path d="M2.5 10.5 12 4l9.5 6.5v8a1.5 1.5 0 0 1-1.5 1.5H4a1.5 1.5 0 0 1-1.5-1.5z" className="envelope-body" />
      <path d="M3 11l9 6 9-6" className="envelope-line" />
    </Svg>
  );
}
