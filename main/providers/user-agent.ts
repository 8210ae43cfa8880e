// The User-Agent every provider request carries (ZignSec and ZOLOZ, from the main thread and from the
// store's upload thread): who is calling and which release, for the providers' logs and support.
// ZOLOZ's WAF refuses requests without one.
import { KIOSK_VERSION } from '../version';

export const PROVIDER_USER_AGENT = `BranchIdKiosk/${KIOSK_VERSION}`;
