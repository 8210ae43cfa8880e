/* global window, document */
// A fake `window.kiosk` for renderer tests, injected with Playwright's addInitScript before the app
// loads (the renderer prefers window.kiosk, as under the Electron preload). It follows the contract's
// shapes and lifecycle; the test drives the sync by hand (window.__fakeKiosk.advance), so no timers.
// Options come from window.__fakeKioskOptions (set by an earlier init script).
(() => {
  const options = Object.assign(
    { mode: 'training', online: true, poorSides: [], failCapture: null, decision: 'accepted', expired: false, selfie: false },
    window.__fakeKioskOptions || {},
  );
  const listeners = { verificationUpdated: new Set(), queueChanged: new Set() };
  const verifications = new Map();
  const stages = new Map();
  const calls = [];
  let counter = 0;
  const now = () => new Date(Date.now() + counter++).toISOString();
  const uuid = () => crypto.randomUUID();
  const clone = (v) => JSON.parse(JSON.stringify(v));
  const ok = (value) => Promise.resolve({ ok: true, value: clone(value) });
  const fail = (code, message) => Promise.resolve({ ok: false, error: { code, message } });
  const emit = (event, payload) => listeners[event].forEach((fn) => fn(clone(payload)));

  const devices = [
    { id: 'specimen', kind: 'scanner', label: 'Specimen scanner', specimen: true },
    { id: 'test:0', kind: 'scanner', label: 'SANE test scanner', specimen: false },
  ];

  function queue() {
    const all = [...verifications.values()];
    return {
      waiting: all.filter((v) => v.state === 'queued').length,
      inFlight: all.filter((v) => v.state === 'submitting' || v.state === 'awaiting_result').length,
      needsAttention: all.filter((v) => v.state === 'needs_attention').length,
      failed: all.filter((v) => v.state === 'failed').length,
      oldestWaitingAt: null,
      lastSyncAt: options.lastSyncAt || null,
      nextAttemptAt: null,
    };
  }

  function specimenImage(side) {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 420;
    const g = canvas.getContext('2d');
    g.fillStyle = side === 'back' ? '#dfe8f1' : '#e9efe3';
    g.fillRect(0, 0, 640, 420);
    g.fillStyle = '#9aa9b8';
    g.fillRect(30, 60, 170, 220);
    g.fillStyle = '#222';
    g.font = 'bold 30px sans-serif';
    g.fillText('SPECIMEN ' + side.toUpperCase(), 230, 100);
    g.font = '22px sans-serif';
    g.fillText('SPECIMEN, ANNA MARIA', 230, 150);
    g.fillText('1990-01-31', 230, 190);
    g.font = '20px monospace';
    g.fillText('P<UTOSPECIMEN<<ANNA<MARIA<<<<<<<<<<<<<<<<<<', 20, 350);
    g.fillText('L898902C36UTO9001318F3001012<<<<<<<<<<<<<<06', 20, 385);
    return canvas.toDataURL('image/jpeg', 0.8);
  }

  function outcomeFor() {
    const decision = options.decision;
    return {
      decision,
      provider: 'zignsec',
      reasons:
        decision === 'accepted'
          ? []
          : [{ code: 'DOCUMENT_EXPIRED', field: 'Date_Of_Expiry', message: 'The document expired on 1 January 2030.' }],
      identity: {
        firstName: 'Anna Maria',
        lastName: 'Specimen',
        fullName: 'Anna Maria Specimen',
        dateOfBirth: '1990-01-31',
        age: 36,
        sex: 'F',
        nationality: 'UTO',
        issuingState: 'UTO',
        documentNumber: 'L898902C3',
        personalNumber: null,
        expiryDate: options.expired ? '2020-01-01' : '2030-01-01',
        expired: options.expired,
      },
      fields: [
        { name: 'Document number', mrz: 'L898902C3', visual: 'L898902C3', barcode: null, agree: true },
        { name: 'Date of birth', mrz: '1990-01-31', visual: '1990-01-31', barcode: null, agree: true },
      ],
      selfieSimilarity: options.selfie ? 92.4 : null,
      portrait: options.selfie ? specimenImage('portrait') : null,
      decidedAt: now(),
    };
  }

  function update(v, patch) {
    Object.assign(v, patch, { updatedAt: now() });
    emit('verificationUpdated', v);
    emit('queueChanged', queue());
  }

  const kiosk = {
    getStatus: () => {
      calls.push('getStatus');
      return ok({
        mode: options.mode,
        kioskId: 'branch-042',
        online: options.online,
        providers: [{ id: 'zignsec', configured: true, reachable: options.online, circuit: 'closed', paused: false }],
        devices,
        queue: queue(),
        version: '0.1.0',
      });
    },
    listDevices: () => ok(devices),
    startVerification: ({ documentType, provider }) => {
      calls.push('startVerification:' + documentType);
      const t = now();
      const v = {
        id: uuid(),
        documentType,
        provider: provider || 'zignsec',
        state: 'capturing',
        createdAt: t,
        updatedAt: t,
        captures: [],
        outcome: null,
        sync: { attempts: 0, lastError: null, nextAttemptAt: null, step: null, bytesSent: null, bytesTotal: null },
      };
      verifications.set(v.id, v);
      // Like main: the sides to capture, with the selfie when the provider configuration asks for one.
      const sides = documentType === 'id_card' ? ['front', 'back'] : ['front'];
      return ok({ ...v, requiredSides: options.selfie ? sides.concat('selfie') : sides });
    },
    capture: ({ verificationId, side, deviceId }) => {
      calls.push('capture:' + side + ':' + deviceId);
      const v = verifications.get(verificationId);
      if (!v) return fail('not_found', 'That verification no longer exists. Start a new verification.');
      if (options.failCapture === side) {
        options.failCapture = null; // fail once, so a retry succeeds
        return fail('device_error', 'The scanner lid is open. Close the lid and scan again.');
      }
      const poor = options.poorSides.includes(side);
      const summary = {
        id: uuid(),
        side,
        deviceId,
        width: 640,
        height: 420,
        bytes: 48213,
        createdAt: now(),
        quality: { ok: !poor, instruction: poor ? 'glare' : null, sharpness: 0.8, glare: poor ? 0.4 : 0.01, brightness: 0.5, contrast: 0.6 },
        preview: specimenImage(side),
      };
      v.captures = v.captures.filter((c) => c.side !== side).concat(summary);
      v.updatedAt = now();
      // Like lists, the capture reply omits the preview: the renderer must fetch it.
      const { preview: _omit, ...withoutPreview } = summary;
      return ok(withoutPreview);
    },
    submit: ({ verificationId }) => {
      calls.push('submit');
      const v = verifications.get(verificationId);
      if (!v) return fail('not_found', 'That verification no longer exists. Start a new verification.');
      v.state = 'queued';
      v.updatedAt = now();
      setTimeout(() => emit('queueChanged', queue()), 0);
      return ok(v);
    },
    // No chip reader on this kiosk: the review screen offers no chip step.
    chipStatus: () => ok({ policy: 'offer', readerPresent: false, training: options.mode === 'training', latest: null }),
    chipFace: () => ok({ face: null }),
    readChip: () => fail('conflict', 'No chip reader is connected.'),
    listChipReaders: () => ok({ available: false, reason: 'no-readers', message: 'No chip reader is connected.', readers: [] }),
    chipResult: () => ok({ latest: null, face: null }),
    placeTrainingChip: () => fail('conflict', 'Placing a virtual passport on the reader is for training kiosks only.'),
    // The assisted ZignSec page needs the Electron host; this kiosk does not offer it.
    getProviderPageOffer: () => ok({ offered: false }),
    openProviderPage: () => fail('conflict', "This kiosk does not offer ZignSec's own page. Scan the document at the kiosk instead."),
    cancelVerification: ({ verificationId }) => {
      calls.push('cancelVerification');
      const v = verifications.get(verificationId);
      if (!v) return fail('not_found', 'That verification no longer exists. Start a new verification.');
      if (v.state !== 'capturing') return fail('conflict', 'This verification is already submitted, so it cannot be cancelled here.');
      update(v, { state: 'cancelled' });
      return ok(v);
    },
    getVerification: ({ id }) => {
      const v = verifications.get(id);
      return v ? ok(v) : fail('not_found', 'That verification no longer exists. Start a new verification.');
    },
    listVerifications: ({ limit }) => {
      const items = [...verifications.values()].reverse().slice(0, limit).map((v) => ({
        ...v,
        captures: v.captures.map(({ preview: _p, ...c }) => c),
      }));
      return ok({ items, nextCursor: null });
    },
    on: (event, fn) => {
      // Events this fake never sends (chip progress, device changes) still take a listener, as main's do.
      (listeners[event] ||= new Set()).add(fn);
      return () => listeners[event]?.delete(fn);
    },
  };

  // Test controls: move a verification one step along the sync path; flip online.
  const path = [
    (v) => ({ state: 'submitting', sync: { ...v.sync, attempts: 1, step: 'create_session', bytesSent: null, bytesTotal: null } }),
    (v) => ({ sync: { ...v.sync, step: 'upload', bytesSent: 1_200_000, bytesTotal: 3_400_000 } }),
    (v) => ({ state: 'awaiting_result', sync: { ...v.sync, step: 'poll', bytesSent: 3_400_000, bytesTotal: 3_400_000 } }),
    (v) => ({ state: options.decision, outcome: outcomeFor(), sync: { ...v.sync, step: null } }),
  ];
  window.__fakeKiosk = {
    calls,
    latestId: () => [...verifications.keys()].pop() || null,
    stage: (id) => verifications.get(id)?.state,
    advance: (id) => {
      const v = verifications.get(id || [...verifications.keys()].pop());
      if (!v) return null;
      const n = stages.get(v.id) || 0;
      if (n >= path.length) return v.state;
      update(v, path[n](v));
      stages.set(v.id, n + 1);
      return v.state;
    },
    setOnline: (value) => {
      options.online = value;
    },
    // A failed send as main records it: its English (support) and, unless `sentence` is null, its catalogue sentence.
    failSync: (id, state, lastError, sentence) => {
      const v = verifications.get(id || [...verifications.keys()].pop());
      if (!v) return null;
      const { lastErrorSentence: _previous, ...sync } = v.sync;
      update(v, { state, sync: { ...sync, attempts: sync.attempts + 1, lastError, ...(sentence ? { lastErrorSentence: sentence } : {}), step: null, bytesSent: null, bytesTotal: null } });
      return v.state;
    },
  };
  Object.defineProperty(window, 'kiosk', { value: Object.freeze(kiosk), writable: false });
})();
