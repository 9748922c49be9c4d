using Orchestrator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Workers;

/// <summary>A gateway that lists a worker as lost after 1 s without a call.</summary>
public sealed class QuickLossApiFactory : ApiFactory
{
    public static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(1);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Workers:LostAfter"] = LostAfter.ToString(),
    };
}

/// <summary>A worker that stops calling is listed as lost, with when it was last heard from.</summary>
public sealed class LostWorkersTests(QuickLossApiFactory factory, ITestOutputHelper output) : IClassFixture<QuickLossApiFactory>
{
    private readonly WorkerCalls _calls = new(factory.CreateClient());

    [Fact]
    public async Task AWorkerWithNoCallForLostAfter_IsListedLost_WithItsLastSeenTime()
    {
        var queue = WorkerCalls.Queue();
        var worker = await _calls.RegisterAsync("goes-quiet", queue);
        var registered = await _calls.WorkerAsync(worker);
        var registeredAt = registered.GetProperty("registeredAt").GetDateTimeOffset();

        // Registered and then silent: no lease, no heartbeat.
        var lost = await Eventually.Until(() => _calls.WorkerAsync(worker), w => w.GetProperty("state").GetString() == "Lost",
            $"worker {worker} listed Lost", TimeSpan.FromSeconds(20), w => w.GetRawText());
        var lastSeenAt = lost.GetProperty("lastSeenAt").GetDateTimeOffset();
        output.WriteLine($"listed lost {(DateTimeOffset.UtcNow - registeredAt).TotalMilliseconds:0} ms after registering (LostAfter {QuickLossApiFactory.LostAfter.TotalMilliseconds:0} ms)");
        Assert.Equal(registeredAt, lastSeenAt); // its registration was its last call
        Assert.True(DateTimeOffset.UtcNow - lastSeenAt >= QuickLossApiFactory.LostAfter, "lost only after LostAfter without a call");
        Assert.Empty(lost.GetProperty("currentJobs").EnumerateArray());

        // Any call is a sign of life: the last-seen time moves on.
        await _calls.LeaseAsync(worker, queue);
        var back = await _calls.WorkerAsync(worker);
        Assert.True(back.GetProperty("lastSeenAt").GetDateTimeOffset() > lastSeenAt, back.GetRawText());
    }
}
