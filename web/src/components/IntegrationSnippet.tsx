import { useState } from 'react';
import { CopyBox } from './CopyBox';

type Tab = 'node' | 'browser' | 'curl';

const TABS: { id: Tab; label: string }[] = [
  { id: 'node', label: 'Node.js (analytics-node)' },
  { id: 'browser', label: 'Browser' },
  { id: 'curl', label: 'curl' },
];

function snippet(tab: Tab, host: string, writeKey: string): string {
  switch (tab) {
    case 'node':
      return `// npm install @segment/analytics-node
import { Analytics } from '@segment/analytics-node';

const analytics = new Analytics({
  writeKey: '${writeKey}',
  host: '${host}', // events go to ${host}/v1/batch
});

analytics.identify({ userId: 'u1', traits: { name: 'Ann Lee', email: 'ann@example.com' } });
analytics.track({ userId: 'u1', event: 'Order Completed', properties: { revenue: 12 } });
await analytics.closeAndFlush();`;
    case 'browser':
      return `<script>
  // Segment's event format, sent straight to Touchpoint (a write key is safe in a web page).
  window.touchpoint = function (type, event) {
    var anonymousId = localStorage.tpAnonymousId || (localStorage.tpAnonymousId = crypto.randomUUID());
    event = Object.assign({ type: type, anonymousId: anonymousId, timestamp: new Date().toISOString() }, event);
    fetch('${host}/v1/batch', {
      method: 'POST',
      keepalive: true,
      headers: { 'content-type': 'application/json', authorization: 'Basic ' + btoa('${writeKey}:') },
      body: JSON.stringify({ batch: [event] }),
    });
  };
  touchpoint('page', { properties: { path: location.pathname, url: location.href, title: document.title } });
  // touchpoint('track', { event: 'Order Completed', properties: { revenue: 12 } });
  // touchpoint('identify', { userId: 'u1', traits: { name: 'Ann Lee', email: 'ann@example.com' } });
</script>`;
    case 'curl':
      return `curl ${host}/v1/batch \\
  -u '${writeKey}:' \\
  -H 'content-type: application/json' \\
  -d '{"batch":[{"type":"track","userId":"u1","event":"Order Completed","properties":{"revenue":12}}]}'`;
  }
}

/** Ready-to-paste code that sends events to this server with a write key. */
export function IntegrationSnippet({ writeKey, canCreate }: { writeKey: string | null; canCreate: boolean }) {
  const [tab, setTab] = useState<Tab>('node');
  const host = window.location.origin;
  return (
    <div className="snippet">
      <div className="tabs" role="tablist" aria-label="Integration">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`snippet-tab-${t.id}`} aria-selected={tab === t.id} aria-controls="snippet-panel" className="tab" onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="snippet-panel" aria-labelledby={`snippet-tab-${tab}`}>
        <CopyBox value={snippet(tab, host, writeKey ?? 'YOUR_WRITE_KEY')} label="Integration code" multiline />
        {!writeKey && <p className="hint">Replace YOUR_WRITE_KEY with a write key{canCreate ? ': create one above (it is shown once).' : ': ask an admin of this workspace for one.'}</p>}
      </div>
    </div>
  );
}
