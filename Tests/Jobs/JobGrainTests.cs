using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class JobGrainTests(ClusterFixture fixture)
{
    private static readonly BackoffPolicy Quick = new() { Initial = TimeSpan.FromMilliseconds(10), Max = TimeSpan.FromMilliseconds(50), Jitter = BackoffJitter.None };

    private (IJobGrain Grain, Guid Id) NewJob()
    {
        var id = JobIds.New();
        return (fixture.Grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, id)), id);
    }

    private static JobSpec Spec(string type, string payload = "null") =>
        new() { Type = type, Payload = payload, CorrelationId = "test", Backoff = Quick };

    private static Task<JobView> WaitFor(IJobGrain grain, JobStatus status, string step, TimeSpan? timeout = null) =>
        Eventually.Until(async () => (await grain.Get())!, j => j.Status == status,
            $"{step}: job {grain.GetPrimaryKeyString()} to reach {status}", timeout, j => $"{j.Status} ({j.StatusReason})");

    [Fact]
    public async Task Submit_NoopJob_RunsAndSucceeds()
    {
        var (grain, id) = NewJob();
        var submitted = await grain.Submit(Spec("noop"));
        Assert.True(submitted.Created);
        Assert.Equal(id, submitted.Job.Id);

        var job = await WaitFor(grain, JobStatus.Succeeded, "noop job runs");
        var attempt = Assert.Single(job.Attempts);
        Assert.Equal(AttemptResult.Succeeded, attempt.Result);
        Assert.NotNull(attempt.EndedAt);
        Assert.False(string.IsNullOrEmpty(attempt.Silo));
    }

    [Fact]
    public async Task FailingTwice_ThenSucceeds_KeepsThreeAttempts()
    {
        var (grain, _) = NewJob();
        await grain.Submit(Spec(TestHandlers.FlakyHandler.Name, """{"failTimes":2}""") with { MaxAttempts = 5 });

        var job = await WaitFor(grain, JobStatus.Succeeded, "flaky job succeeds on attempt 3");
        Assert.Equal(3, job.Attempt);
        Assert.Equal([AttemptResult.Failed, AttemptResult.Failed, AttemptResult.Succeeded], job.Attempts.Select(a => a.Result));
        Assert.Equal([1, 2, 3], job.Attempts.Select(a => a.Number));
        Assert.Contains("planned failure 1/2", job.Attempts[0].Error);
        Assert.All(job.Attempts, a => Assert.NotNull(a.EndedAt));
    }

    [Fact]
    public async Task AlwaysFailing_DeadLettersAfterMaxAttempts_ThenManualRetryRequeuesWithFreshBudget()
    {
        var (grain, id) = NewJob();
        await grain.Submit(Spec(TestHandlers.FlakyHandler.Name, """{"failTimes":3}""") with { MaxAttempts = 3 });

        var dead = await WaitFor(grain, JobStatus.DeadLettered, "flaky job exhausts 3 attempts");
        Assert.Equal(3, dead.Attempts.Count);
        Assert.Contains("planned failure 3/3", dead.LastError);
        var page = await fixture.Grains.GetGrain<IJobQueryGrain>(0).List(new JobQuery { TenantId = JobIds.DefaultTenant, Status = JobStatus.DeadLettered, Limit = 500 });
        Assert.Contains(page.Items, j => j.Id == id);

        var retried = await grain.Retry();
        Assert.Contains(retried.Status, new[] { JobStatus.Queued, JobStatus.Running });

        var job = await WaitFor(grain, JobStatus.Succeeded, "retried job succeeds on attempt 4");
        Assert.Equal(4, job.Attempts.Count);
        Assert.Equal(AttemptResult.Succeeded, job.Attempts[^1].Result);
    }

    [Fact]
    public async Task NonRetryableFailure_DeadLettersAtOnce()
    {
        var (grain, _) = NewJob();
        await grain.Submit(Spec(TestHandlers.FailHandler.Name, """{"retryable":false}""") with { MaxAttempts = 5 });

        var job = await WaitFor(grain, JobStatus.DeadLettered, "non-retryable failure dead-letters");
        var attempt = Assert.Single(job.Attempts);
        Assert.Equal("some output", attempt.Output);
        Assert.Contains("non-retryable", job.StatusReason);
    }

    [Fact]
    public async Task Timeout_FiresTheHandlersToken_AndCountsAsFailure()
    {
        var (grain, id) = NewJob();
        await grain.Submit(Spec(TestHandlers.BlockHandler.Name, $$"""{"gate":"never-{{id}}"}""") with
        {
            MaxAttempts = 2,
            Timeout = TimeSpan.FromMilliseconds(200),
        });

        var job = await WaitFor(grain, JobStatus.DeadLettered, "job times out twice");
        Assert.Equal([AttemptResult.TimedOut, AttemptResult.TimedOut], job.Attempts.Select(a => a.Result));
        Assert.Contains("timed out", job.LastError);
        Assert.True(TestHandlers.SawCancellation.ContainsKey(id), "the handler's cancellation token fired on timeout");
    }

    [Fact]
    public async Task Cancel_RunningJob_FiresTheHandlersToken()
    {
        var (grain, id) = NewJob();
        await grain.Submit(Spec(TestHandlers.BlockHandler.Name, $$"""{"gate":"never-{{id}}"}"""));
        await WaitFor(grain, JobStatus.Running, "blocking job starts");

        // Get answers while the attempt runs: the grain is not blocked by execution.
        Assert.Equal(JobStatus.Running, (await grain.Get().WaitAsync(TimeSpan.FromSeconds(2)))!.Status);

        var cancelled = await grain.Cancel("test");
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        await Eventually.True(() => TestHandlers.SawCancellation.ContainsKey(id), $"handler of {id} sees cancellation");
        var job = await Eventually.Until(async () => (await grain.Get())!, j => j.Attempts[^1].EndedAt is not null, $"attempt of {id} recorded as ended");
        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.Equal(AttemptResult.Cancelled, job.Attempts[^1].Result);
    }

    [Fact]
    public async Task StartAttempt_FromASiloThatDoesNotOwnTheQueuedJob_IsRefused()
    {
        var queue = ClusterFixture.SerialQueues[2];
        var gate = $"gate-{Guid.NewGuid()}";
        var (blocker, _) = NewJob();
        await blocker.Submit(Spec(TestHandlers.BlockHandler.Name, $$"""{"gate":"{{gate}}"}""") with { Queue = queue });
        await WaitFor(blocker, JobStatus.Running, "blocker holds the queue's only slot");

        var (queued, _) = NewJob();
        await queued.Submit(Spec(TestHandlers.RecordHandler.Name) with { Queue = queue });
        var before = (await queued.Get())!;
        Assert.Equal(JobStatus.Queued, before.Status);

        // A stale copy of the attempt in another silo's executor (the job was taken over) must not start it.
        Assert.False(await queued.StartAttempt(1, "127.0.0.1:1@1"));
        var after = (await queued.Get())!;
        Assert.Equal(JobStatus.Queued, after.Status);
        Assert.Equal(before.Version, after.Version);

        TestHandlers.Release(gate);
        var done = await WaitFor(queued, JobStatus.Succeeded, "the owner's executor still runs the job");
        Assert.Single(done.Attempts);
    }

    [Fact]
    public async Task Cancel_QueuedJob_NeverStarts()
    {
        var queue = ClusterFixture.SerialQueues[0];
        var gate = $"gate-{Guid.NewGuid()}";
        var (blocker, _) = NewJob();
        await blocker.Submit(Spec(TestHandlers.BlockHandler.Name, $$"""{"gate":"{{gate}}"}""") with { Queue = queue });
        await WaitFor(blocker, JobStatus.Running, "blocker holds the queue's only slot");

        var (queued, queuedId) = NewJob();
        await queued.Submit(Spec(TestHandlers.RecordHandler.Name) with { Queue = queue });
        Assert.Equal(JobStatus.Queued, (await queued.Get())!.Status);
        Assert.Equal(JobStatus.Cancelled, (await queued.Cancel(null)).Status);

        TestHandlers.Release(gate);
        await WaitFor(blocker, JobStatus.Succeeded, "blocker finishes");
        // The queue's slot has been free since the blocker finished; a further job on it runs, the cancelled one did not.
        var (after, _) = NewJob();
        await after.Submit(Spec(TestHandlers.RecordHandler.Name) with { Queue = queue });
        await WaitFor(after, JobStatus.Succeeded, "job after the cancelled one runs");
        var job = (await queued.Get())!;
        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.Empty(job.Attempts);
        Assert.False(TestHandlers.Starts.ContainsKey(queuedId));
    }

    [Fact]
    public async Task Cancel_SucceededJob_IsAnIllegalTransition()
    {
        var (grain, _) = NewJob();
        await grain.Submit(Spec("noop"));
        var before = await WaitFor(grain, JobStatus.Succeeded, "noop job runs");

        var error = await Assert.ThrowsAsync<IllegalTransitionException>(() => grain.Cancel(null));
        Assert.Equal(JobStatus.Succeeded, error.From);
        Assert.Equal(JobTrigger.Cancel, error.Trigger);
        Assert.Equal(before.Version, (await grain.Get())!.Version);
    }

    [Fact]
    public async Task DelayedJob_DoesNotRunBeforeItsTime()
    {
        var (grain, id) = NewJob();
        var submitted = await grain.Submit(Spec(TestHandlers.RecordHandler.Name) with { Delay = TimeSpan.FromSeconds(1.5) });
        Assert.Equal(JobStatus.Scheduled, submitted.Job.Status);

        var job = await WaitFor(grain, JobStatus.Succeeded, "delayed job runs");
        var (_, startedAt) = Assert.Single(TestHandlers.Starts[id]);
        Assert.True(startedAt >= submitted.Job.RunAt, $"started {startedAt:O}, due {submitted.Job.RunAt:O}");
        Assert.True(job.Attempts[0].StartedAt >= submitted.Job.RunAt);
    }

    [Fact]
    public async Task JobDueBeyondTheTimerHorizon_Deactivates_AndItsWakeShardRunsItOnTime()
    {
        var (grain, id) = NewJob();
        var submitted = await grain.Submit(Spec(TestHandlers.RecordHandler.Name) with { Delay = ClusterFixture.TimerHorizon + TimeSpan.FromSeconds(2) });
        Assert.Equal(JobStatus.Scheduled, submitted.Job.Status);

        // Nothing holds the pending job in memory: only the durable wake-up index can bring it back.
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        await Eventually.Until(() => management.GetActiveGrains(grain.GetGrainId().Type).AsTask(), active => !active.Contains(grain.GetGrainId()),
            $"job {id} deactivates after submit");

        await Eventually.Until(() => Task.FromResult(TestHandlers.Starts.ContainsKey(id)), started => started, $"job {id} is woken and runs");
        var (_, startedAt) = Assert.Single(TestHandlers.Starts[id]);
        Assert.True(startedAt >= submitted.Job.RunAt, $"started {startedAt:O}, due {submitted.Job.RunAt:O}");
        await WaitFor(grain, JobStatus.Succeeded, "woken job succeeds");
    }

    [Fact]
    public async Task Cancel_ScheduledJob_NeverRuns()
    {
        var (grain, id) = NewJob();
        await grain.Submit(Spec(TestHandlers.RecordHandler.Name) with { Delay = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(JobStatus.Cancelled, (await grain.Cancel(null)).Status);

        // A job submitted now with the same delay runs; by then the cancelled one would have run too.
        var (probe, _) = NewJob();
        await probe.Submit(Spec(TestHandlers.RecordHandler.Name) with { Delay = TimeSpan.FromMilliseconds(300) });
        await WaitFor(probe, JobStatus.Succeeded, "probe job with the same delay runs");
        Assert.False(TestHandlers.Starts.ContainsKey(id));
        Assert.Equal(JobStatus.Cancelled, (await grain.Get())!.Status);
    }

    [Fact]
    public async Task Retry_CancelledJob_RunsIt()
    {
        var (grain, id) = NewJob();
        await grain.Submit(Spec(TestHandlers.RecordHandler.Name) with { Delay = TimeSpan.FromHours(1) });
        Assert.Equal(JobStatus.Cancelled, (await grain.Cancel("changed my mind")).Status);

        // Queued, or already Running when the executor had a free slot at once.
        Assert.Contains((await grain.Retry()).Status, new[] { JobStatus.Queued, JobStatus.Running });
        var job = await WaitFor(grain, JobStatus.Succeeded, "retried cancelled job runs");
        Assert.Single(job.Attempts);
        Assert.True(TestHandlers.Starts.ContainsKey(id));
    }

    [Fact]
    public async Task HigherPriority_RunsFirst_WhenTheExecutorIsSaturated()
    {
        var queue = ClusterFixture.SerialQueues[1];
        var gate = $"gate-{Guid.NewGuid()}";
        var (blocker, _) = NewJob();
        await blocker.Submit(Spec(TestHandlers.BlockHandler.Name, $$"""{"gate":"{{gate}}"}""") with { Queue = queue });
        await WaitFor(blocker, JobStatus.Running, "blocker holds the queue's only slot");

        var (low, lowId) = NewJob();
        await low.Submit(Spec(TestHandlers.RecordHandler.Name) with { Queue = queue, Priority = 1 });
        var (mid, midId) = NewJob();
        await mid.Submit(Spec(TestHandlers.RecordHandler.Name) with { Queue = queue, Priority = 5 });
        var (high, highId) = NewJob();
        await high.Submit(Spec(TestHandlers.RecordHandler.Name) with { Queue = queue, Priority = 10 });

        TestHandlers.Release(gate);
        await WaitFor(low, JobStatus.Succeeded, "low-priority job runs last");
        await WaitFor(mid, JobStatus.Succeeded, "mid-priority job runs");
        await WaitFor(high, JobStatus.Succeeded, "high-priority job runs");
        Assert.True(TestHandlers.StartOrder[highId] < TestHandlers.StartOrder[midId], "high before mid");
        Assert.True(TestHandlers.StartOrder[midId] < TestHandlers.StartOrder[lowId], "mid before low");
    }

    [Fact]
    public async Task IdempotentResubmit_SameFingerprintReturnsTheJob_OtherFingerprintConflicts()
    {
        var id = JobIds.FromIdempotencyKey(JobIds.DefaultTenant, $"key-{Guid.NewGuid()}");
        var grain = fixture.Grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, id));
        var spec = Spec("noop") with { IdempotencyKey = "k", RequestFingerprint = "f1" };

        var first = await grain.Submit(spec);
        var again = await grain.Submit(spec with { CorrelationId = "another generated id" });
        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Job.Id, again.Job.Id);
        Assert.Equal("test", again.Job.CorrelationId);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => grain.Submit(spec with { RequestFingerprint = "f2" }));
    }

    [Fact]
    public async Task Submit_ATypeNoSiloHandles_WaitsQueuedForAnExternalWorker()
    {
        var (grain, _) = NewJob();
        var submitted = await grain.Submit(Spec("no-such-handler"));
        Assert.Equal(JobStatus.Queued, submitted.Job.Status);
        Assert.Contains("external worker", (await grain.Get())!.StatusReason);
        Assert.Empty((await grain.Get())!.Attempts); // no silo tried it
    }

    [Fact]
    public async Task Submit_AMalformedType_IsRefusedAndCreatesNothing()
    {
        var (grain, _) = NewJob();
        var error = await Assert.ThrowsAsync<JobValidationException>(() => grain.Submit(Spec("no such handler!")));
        Assert.Contains("type", error.Errors.Keys);
        Assert.Null(await grain.Get());
    }

    [Fact]
    public async Task Retry_RunningJob_IsAnIllegalTransition()
    {
        var (grain, id) = NewJob();
        await grain.Submit(Spec(TestHandlers.BlockHandler.Name, $$"""{"gate":"g-{{id}}"}"""));
        await WaitFor(grain, JobStatus.Running, "blocking job starts");
        await Assert.ThrowsAsync<IllegalTransitionException>(() => grain.Retry());
        TestHandlers.Release($"g-{id}");
        await WaitFor(grain, JobStatus.Succeeded, "released job succeeds");
    }

    [Fact]
    public async Task CompleteAttempt_StaleOrRepeatedReport_ChangesNothing()
    {
        var (grain, _) = NewJob();
        await grain.Submit(Spec("noop"));
        var done = await WaitFor(grain, JobStatus.Succeeded, "noop job runs");

        await grain.CompleteAttempt(1, new AttemptFailed("late duplicate", Retryable: true));
        await grain.CompleteAttempt(7, new AttemptSucceeded(null));
        Assert.False(await grain.StartAttempt(2, "elsewhere"));
        var after = (await grain.Get())!;
        Assert.Equal(done.Version, after.Version);
        Assert.Equal(JobStatus.Succeeded, after.Status);
    }

    [Fact]
    public async Task List_PagesNewestFirst_WithFilters()
    {
        var queue = $"list-{Guid.NewGuid():N}";
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var (grain, id) = NewJob();
            await grain.Submit(Spec("noop") with { Queue = queue });
            ids.Add(id);
        }
        var query = fixture.Grains.GetGrain<IJobQueryGrain>(0);
        var seen = new List<Guid>();
        JobCursor? cursor = null;
        do
        {
            var page = await query.List(new JobQuery { TenantId = JobIds.DefaultTenant, Queue = queue, Limit = 2, After = cursor });
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(j => j.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }
}
