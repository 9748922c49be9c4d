using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Notifications;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Notifications;
using Orchestrator.Grains.Storage;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Notifications;

/// <summary>
/// The crash window of the trigger: a job whose stored state says a notification is pending (the transition was
/// written, the silo died before the delivery job existed) gets its delivery from the wake shards alone, exactly once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NotificationDurabilityTests(ClusterFixture fixture)
{
    private InMemoryJobStore Store => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredService<InMemoryJobStore>();

    [Fact]
    public async Task PendingNotification_LeftByACrash_IsSubmittedByTheWakeUp_AndOnlyOnce()
    {
        var tenant = $"durable-{Guid.NewGuid():N}";
        var jobId = JobIds.New();
        var job = fixture.Grains.GetGrain<IJobGrain>(JobIds.GrainKey(tenant, jobId));
        await job.Submit(new JobSpec { Type = "noop", CorrelationId = "durability" });
        await Eventually.Until(async () => (await job.Get())!.Status, s => s == JobStatus.Succeeded, $"job {jobId} succeeds");

        var created = await fixture.Grains.GetGrain<INotificationRulesGrain>(tenant).Create(new NotificationRule
        {
            Id = Guid.NewGuid(), Name = "r", Events = [NotificationEvents.JobSucceeded], Webhook = new WebhookChannel("https://hooks.example.test/x"),
        });
        var deliveryId = JobIds.FromIdempotencyKey(tenant, $"notification delivery:{created.Rule.Id:N}:webhook:job.succeeded:{jobId:N}:1");

        // The state a crash between the transition's write and the submission leaves: pending, with its wake-up.
        await CrashWithPendingAsync(job);
        var delivery = fixture.Grains.GetGrain<IJobGrain>(JobIds.GrainKey(tenant, deliveryId));
        await Eventually.Until(() => delivery.Get(), d => d is not null, $"the wake shard re-submits delivery {deliveryId} of job {jobId}");
        var cleared = await Eventually.Until(() => ReadState(job), s => s.PendingNotifications.Count == 0,
            $"job {jobId} clears its pending notification", describe: s => $"{s.PendingNotifications.Count} pending, wake at {s.WakeAt}");
        Assert.Null(cleared.WakeAt);

        // A crash after the submission but before the clearing write: submitting again finds the same delivery.
        await CrashWithPendingAsync(job);
        await Eventually.Until(() => ReadState(job), s => s.PendingNotifications.Count == 0, $"job {jobId} clears again");
        var deliveries = await fixture.Grains.GetGrain<IJobQueryGrain>(0).List(new JobQuery { TenantId = tenant, Tag = NotificationDispatcher.RuleTag(created.Rule.Id) });
        Assert.Equal([deliveryId], deliveries.Items.Select(d => d.Id));
    }

    private async Task<JobState> ReadState(IJobGrain job)
    {
        var state = new GrainState<JobState>();
        await Store.ReadStateAsync("job", job.GetGrainId(), state);
        return state.State!;
    }

    private async Task CrashWithPendingAsync(IJobGrain job)
    {
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var state = new GrainState<JobState>();
        await Store.ReadStateAsync("job", job.GetGrainId(), state);
        state.State!.PendingNotifications.Add(new PendingNotification
        {
            Event = NotificationEvents.JobSucceeded, Attempt = state.State.Attempt, Status = nameof(JobStatus.Succeeded), At = DateTimeOffset.UtcNow,
        });
        state.State.WakeAt = DateTimeOffset.UtcNow;
        await Store.WriteStateAsync("job", job.GetGrainId(), state);
    }
}
