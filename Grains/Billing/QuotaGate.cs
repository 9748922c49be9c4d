using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// A silo's admission of new jobs against their tenants' quotas, without a grain call per job: it keeps each
/// tenant's last <see cref="QuotaLease"/> for <see cref="BillingOptions.QuotaLeaseTtl"/> and admits from its granted
/// submissions, asking the tenant's <see cref="IQuotaGrain"/> again when they run out or expire (handing back what
/// it did not use). A tenant on an unlimited plan costs a dictionary lookup. A refusal is remembered until the lease
/// expires, so a blocked tenant's retries do not reach the grain.
/// </summary>
public sealed class QuotaGate(IGrainFactory grains, IOptions<BillingOptions> options, TimeProvider time)
{
    /// <summary>Submissions asked for per lease; the quota grain grants fewer near a threshold.</summary>
    public const int LeaseSize = 100;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Admits one job of <paramref name="tenantId"/> with a payload of <paramref name="payloadBytes"/>: returns the
    /// quota warning to show (or null), or throws <see cref="QuotaExceededException"/> / <see cref="PayloadTooLargeException"/>.
    /// </summary>
    public async ValueTask<string?> AdmitAsync(string tenantId, int payloadBytes)
    {
        var entry = _entries.GetOrAdd(tenantId, static _ => new Entry());
        var now = time.GetUtcNow();
        int unused;
        lock (entry)
        {
            if (entry.Lease is { } lease && now < entry.ExpiresAt)
            {
                CheckPayload(lease, payloadBytes);
                if (lease.Unlimited) return null;
                if (entry.Remaining > 0)
                {
                    entry.Remaining--;
                    return lease.Warning;
                }
                if (lease.Granted == 0 && lease.RetryAt > now) throw Refusal(lease, now);
            }
            unused = now >= entry.ExpiresAt ? entry.Remaining : 0;
            entry.Remaining -= unused;
        }

        var fresh = await grains.GetGrain<IQuotaGrain>(tenantId).Lease(LeaseSize, unused);
        lock (entry)
        {
            entry.Lease = fresh;
            entry.ExpiresAt = now + options.Value.QuotaLeaseTtl;
            if (fresh.Unlimited)
            {
                CheckPayload(fresh, payloadBytes);
                return null;
            }
            if (fresh.Granted == 0) throw Refusal(fresh, now);
            entry.Remaining += fresh.Granted;
            CheckPayload(fresh, payloadBytes); // before taking one: a refused payload uses no quota
            entry.Remaining--;
            return fresh.Warning;
        }
    }

    private static void CheckPayload(QuotaLease lease, int payloadBytes)
    {
        if (lease.MaxPayloadBytes is { } max && payloadBytes > max) throw new PayloadTooLargeException(payloadBytes, max);
    }

    /// <summary>
    /// The refusal of one submission, counted when it is backpressure (the tenant's pending bound); a lease without a
    /// retry time is asked again in a minute of the silo's clock.
    /// </summary>
    private static QuotaExceededException Refusal(QuotaLease lease, DateTimeOffset now)
    {
        if (lease.PendingBoundReached) Observability.OrchestratorMetrics.SubmissionsRefused.WithLabels("tenant_pending").Inc();
        return new(lease.Refusal ?? "The tenant's job quota is exhausted.", lease.RetryAt ?? now.AddMinutes(1));
    }

    private sealed class Entry
    {
        public QuotaLease? Lease;
        public DateTimeOffset ExpiresAt;
        public int Remaining;
    }
}
