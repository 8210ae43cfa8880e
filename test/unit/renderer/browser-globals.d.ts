// The browser globals that renderer hooks tested under happy-dom use, for the Node-side tsconfig
// (it has no DOM lib, and adding it would retype the main process). Only what those hooks and
// idle-timeout.test.ts touch, so a stray `window` in main-process code still reads as a mistake
// beyond these members.
interface TestDomNode {
  remove(): void;
}

declare var window: EventTarget & {
  setInterval(handler: () => void, ms?: number): number;
  clearInterval(id: number | undefined): void;
  setTimeout(handler: () => void, ms?: number): number;
  clearTimeout(id: number | undefined): void;
};

declare var document: {
  createElement(tag: 'div'): TestDomNode;
  body: { append(node: TestDomNode): void };
};
