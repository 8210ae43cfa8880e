// Every migration, in order. Listed statically (not read from disk) so the bundled main process has them.
import { migration001 } from './001-initial';
import { migration002 } from './002-sync-state';
import { migration003 } from './003-queue-indexes';
import { migration004 } from './004-review';
import { migration005 } from './005-capture-precheck';
import { migration006 } from './006-review-search-tags';
import { migration007 } from './007-issuing-country';
import { migration008 } from './008-capture-blobs-last';
import { migration009 } from './009-outage-waits';
import { migration010 } from './010-fleet-forwarding';
import { migration011 } from './011-provider-data-deletes';
import { migration012 } from './012-kiosk-reading-in-queue';
import { migration013 } from './013-chip-reads';
import { migration014 } from './014-chip-read-checks';
import { migration015 } from './015-sync-error-sentence';
import type { Migration } from './types';

export type { Migration } from './types';
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015];
