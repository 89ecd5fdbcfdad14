import { describe, expect, it } from 'vitest';
import { browserCommand } from './run.js';

describe('opening a URL in the browser', () => {
  const url = 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH&x=1';

  it.each([
    ['linux', ['xdg-open', url]],
    ['darwin', ['open', url]],
    // Not `cmd /c start`, which would run what follows the `&` in a server-sent URL.
    ['win32', ['rundll32', 'url.dll,FileProtocolHandler', url]],
  ] as const)('on %s runs %j, no shell', (platform, argv) => {
    expect(browserCommand(url, platform)).toEqual(argv);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'https://a.example/ & calc.exe', 'calc.exe'])(
    'opens nothing for %s',
    (bad) => {
      expect(browserCommand(bad, 'win32')).toBeUndefined();
    },
  );
});
