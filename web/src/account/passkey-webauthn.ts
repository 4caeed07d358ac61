// The browser half of the WebAuthn ceremonies (@simplewebauthn/browser does the encoding), plus the PRF extension:
// the server's PRF input goes in as bytes, the PRF output comes back to this page only. What is sent to the
// server has its clientExtensionResults emptied (the server refuses a PRF output).
import { startAuthentication, startRegistration, type AuthenticationResponseJSON, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON, type RegistrationResponseJSON } from '@simplewebauthn/browser';

type PrfInput = { prf?: { eval: { first: string } } };
type CreationOptions = Omit<PublicKeyCredentialCreationOptionsJSON, 'extensions'> & { extensions?: PrfInput & { credProps?: boolean } };
type RequestOptions = Omit<PublicKeyCredentialRequestOptionsJSON, 'extensions'> & { extensions?: PrfInput };
interface PrfOutputs {
  prf?: { enabled?: boolean; results?: { first?: ArrayBuffer | Uint8Array } };
}

export function webAuthnAvailable(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}

function fromB64u(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toB64u(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The PRF input as the browser wants it (bytes), or no extensions at all. */
function prfExtensions(extensions: (PrfInput & { credProps?: boolean }) | undefined) {
  if (!extensions?.prf) return extensions;
  return { ...extensions, prf: { eval: { first: fromB64u(extensions.prf.eval.first) } } };
}

function prfOutput(outputs: unknown): Uint8Array | null {
  const first = (outputs as PrfOutputs | undefined)?.prf?.results?.first;
  if (!first) return null;
  const bytes = first instanceof Uint8Array ? first : new Uint8Array(first);
  return bytes.length === 32 ? new Uint8Array(bytes) : null;
}

function prfEnabled(outputs: unknown): boolean {
  return (outputs as PrfOutputs | undefined)?.prf?.enabled === true;
}

export interface Registered {
  response: RegistrationResponseJSON;
  /** 32 bytes where the authenticator evaluated PRF; null where it offers none. */
  prf: Uint8Array | null;
}

/** Creates a passkey. Authenticators that support PRF but evaluate it only at sign-in get one local assertion more. */
export async function createPasskey(options: CreationOptions): Promise<Registered> {
  const optionsJSON = { ...options, extensions: prfExtensions(options.extensions) } as unknown as PublicKeyCredentialCreationOptionsJSON;
  const response = await startRegistration({ optionsJSON });
  let prf = prfOutput(response.clientExtensionResults);
  if (!prf && prfEnabled(response.clientExtensionResults) && options.extensions?.prf) {
    // This assertion only evaluates PRF on this device: its challenge is local and it is never sent anywhere.
    const local = await startAuthentication({
      optionsJSON: {
        challenge: toB64u(crypto.getRandomValues(new Uint8Array(32))),
        rpId: options.rp.id,
        allowCredentials: [{ id: response.id, type: 'public-key' }],
        userVerification: 'required',
        extensions: prfExtensions(options.extensions),
      } as unknown as PublicKeyCredentialRequestOptionsJSON,
    });
    prf = prfOutput(local.clientExtensionResults);
  }
  return { response: { ...response, clientExtensionResults: {} }, prf };
}

export interface Asserted {
  response: AuthenticationResponseJSON;
  prf: Uint8Array | null;
}

export async function assertPasskey(options: RequestOptions): Promise<Asserted> {
  const optionsJSON = { ...options, extensions: prfExtensions(options.extensions) } as unknown as PublicKeyCredentialRequestOptionsJSON;
  const response = await startAuthentication({ optionsJSON });
  return { response: { ...response, clientExtensionResults: {} }, prf: prfOutput(response.clientExtensionResults) };
}
