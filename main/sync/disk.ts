// The free-space floor, as the sync/outbox side of the kiosk exposes it (implementation in store/disk.ts,
// where the store also checks it before every capture write).
export { checkDiskFloor, freeBytes } from '../store/disk';
