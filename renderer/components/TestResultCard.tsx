import type { TestConnectionResult } from '../../shared/salesforce.js';

const STEP_LABELS = {
  authorise: 'Authorise',
  identity: 'Identity',
  organization: 'Organization',
  limits: 'Limits',
} as const;

export function TestResultCard({ result }: { result: TestConnectionResult }) {
  const { identity, organization, limits } = result;
  return (
    <section className="card success" aria-labelledby="test-title">
      <h3 id="test-title">
        ✓ Connection works <span className="muted">({result.totalMs} ms)</span>
      </h3>
      <dl>
        <dt>User</dt>
        <dd>
          {identity.displayName} &lt;{identity.username}&gt;
        </dd>
        <dt>Organization</dt>
        <dd>
          {organization.name} <span className="muted mono">{identity.orgId}</span>
        </dd>
        <dt>Org type</dt>
        <dd>{organization.type}</dd>
        <dt>Sandbox</dt>
        <dd>{organization.isSandbox ? 'Yes' : 'No'}</dd>
        <dt>Instance</dt>
        <dd>
          {organization.instanceName} <span className="muted">{result.instanceUrl}</span>
        </dd>
        <dt>API requests left</dt>
        <dd>
          {limits.dailyApiRequests.remaining.toLocaleString()} of {limits.dailyApiRequests.max.toLocaleString()} today
        </dd>
        <dt>Steps</dt>
        <dd>
          {result.steps.map((s) => `${STEP_LABELS[s.name]} ${s.elapsedMs} ms`).join(' · ')}
          {result.reauthorised ? ' · the saved token had expired, so it authorised again' : ''}
        </dd>
      </dl>
    </section>
  );
}
