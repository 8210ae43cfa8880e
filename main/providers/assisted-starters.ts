// Each provider's own capture page, as the teller's assisted flow starts it: ZignSec's hosted page
// and ZOLOZ's H5 page. Which one a verification gets follows its routed provider (main/teller/assisted.ts).
import type { KioskConfig } from '../config';
import type { HostedPageStarter } from '../teller/assisted';
import type { Store } from '../store/store';
import type { IssuingCountryService } from '../teller/issuing-country';
import { createAssistedStarter } from './zignsec/assisted';
import { createZolozH5Starter } from './zoloz/h5';

export function createProviderPageStarters(config: KioskConfig, store: Store, countries: IssuingCountryService): HostedPageStarter[] {
  const zoloz = config.providers.zoloz;
  return [
    createAssistedStarter(config.providers.zignsec),
    createZolozH5Starter(zoloz, {
      pageUrl: zoloz.h5PageUrl ?? null,
      enabled: () => zoloz.assistedFlow === true,
      documentTypeOf: (id) => store.getVerification(id)?.documentType ?? null,
      countryOf: (id) => countries.effective(id),
    }),
  ];
}
