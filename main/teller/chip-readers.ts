// Chip readers beside the scanners and cameras: the device listing (listDevices, the device watch and its
// devicesChanged event) carries a `chip-reader` device per reader with whether a document is on it, and a
// reader plugged in or out, or a document placed or taken off, sends the watched list at once. The PC/SC
// layer is optional at run time: no binding, no pcscd or no reader is a sentence in listChipReaders,
// never an error. With chip.mode 'off' no reader is listed or watched. Each change is also sent as
// chipReadersChanged (the readers' state, only when it differs from the last one sent), so the chip step
// shows a document placed or taken off without the device watch's lease or its scanner polling.
import type { ChipReaderState } from '../../shared/contract-chip';
import type { Device } from '../../shared/domain';
import type { DeviceRegistry } from '../capture/devices';
import type { ChipReaderListing } from '../chip/pcsc';
import { chipReaderDevices, chipReaderState, chipReaderStateKey } from '../chip/reader-devices';
import type { ChipService } from '../chip/service';
import type { Log } from '../log';
import type { ChipMode } from './chip-gate';

export interface ChipReaderCallsDeps {
  chip: Pick<ChipService, 'listReaders' | 'watch'>;
  /** The training kiosk's virtual reader (listed as a specimen device). */
  training: boolean;
  mode: () => ChipMode;
  devices: Pick<DeviceRegistry, 'showAlso'>;
  /** A reader or a document on it changed (the device watch lists again at once). */
  onChange: () => void;
  /** The readers' state after a change, when it differs from the last one sent. */
  onState?: (state: ChipReaderState) => void;
  log: Log;
}

const UNEXPECTED: ChipReaderListing = {
  ok: false,
  reason: 'service-not-running',
  message: 'Chip reading is not available: the smart-card service did not answer.',
  readers: [],
};

export function createChipReaderCalls(deps: ChipReaderCallsDeps) {
  let warned = false;
  const listing = (): ChipReaderListing => {
    try {
      return deps.chip.listReaders();
    } catch (e) {
      // PC/SC errors the layer does not name: the device listing must still answer.
      if (!warned) deps.log('warn', 'chip readers could not be listed', e);
      warned = true;
      return UNEXPECTED;
    }
  };
  deps.devices.showAlso((): Device[] => (deps.mode() === 'off' ? [] : chipReaderDevices(listing(), deps.training)));
  const state = (): ChipReaderState => chipReaderState(deps.mode() === 'off' ? 'off' : listing(), deps.training);
  let lastSent = '';
  let pending: NodeJS.Immediate | null = null;
  const send = () => {
    pending = null;
    const now = state();
    const key = chipReaderStateKey(now);
    if (key === lastSent) return;
    lastSent = key;
    deps.onState?.(now);
  };
  const changed = () => {
    deps.onChange();
    // Listed once the reader layer has settled (an event can come before its listing shows the change, and a
    // document replaced is two events): one listing per burst.
    if (deps.onState && !pending) pending = setImmediate(send);
  };
  const stopWatching = deps.mode() === 'off' ? () => {} : deps.chip.watch(changed);
  return {
    calls: {
      listChipReaders: async (): Promise<ChipReaderState> => state(),
    },
    close: () => {
      stopWatching();
      if (pending) clearImmediate(pending);
    },
  };
}
