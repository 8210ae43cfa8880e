// The sides a teller must capture before a verification can be submitted: the document's own sides,
// plus a selfie when the provider it goes to is set to analyse one (ZignSec's analysisTypes).
import { REQUIRED_SIDES, type CaptureSide, type DocumentType, type ProviderId } from '../../shared/domain';
import type { KioskConfig } from '../config';

export function requiredSides(providers: KioskConfig['providers'], documentType: DocumentType, provider: ProviderId): CaptureSide[] {
  const sides = [...REQUIRED_SIDES[documentType]];
  if (provider === 'zignsec' && providers.zignsec.analysisTypes.includes('selfie')) sides.push('selfie');
  return sides;
}
