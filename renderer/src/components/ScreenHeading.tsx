import { useEffect, useRef, type ReactNode } from 'react';

/** The screen's h1. It takes focus when the screen appears so keyboard and screen-reader users start at the top. */
export function ScreenHeading({ children, testId, lang }: { children: ReactNode; testId?: string; lang?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 className="screen-title" tabIndex={-1} ref={ref} data-testid={testId} lang={lang}>
      {children}
    </h1>
  );
}
