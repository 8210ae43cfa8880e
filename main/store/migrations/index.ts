// Every migration, in order. Listed statically (not read from disk) so the bundled main process has them.
import { migration001 } from './001-initial';
import { migration002 } from './002-sync-state';
import { migration003 } from './003-queue-indexes';
import { migration004 } from './004-review'; // issue 9 (supervisor review)
import { migration005 } from './005-capture-precheck'; // issue 7 (on-device precheck)
import { migration006 } from './006-review-search-tags'; // issue 9 (supervisor review)
import { migration007 } from './007-issuing-country'; // issue 8 (teller flow: issuing country)
import { migration008 } from './008-capture-blobs-last'; // issue 3 (outbox: images stored after the columns read often)
import { migration009 } from './009-outage-waits'; // issue 3 (outbox: waits that end when the provider answers)
import type { Migration } from './types';

export type { Migration } from './types';
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009];
