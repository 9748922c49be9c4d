using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Grains.Interfaces.Audit;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Audit;

public sealed class AuditWriterTests
{
    private static AuditWriter Writer(FakeAuditLog log, Action<AuditWriterOptions>? configure = null)
    {
        var options = new AuditWriterOptions { FlushInterval = TimeSpan.FromMilliseconds(5), RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };
        configure?.Invoke(options);
        Assert.True(new AuditWriterOptionsValidator().Validate(null, options).Succeeded);
        return new AuditWriter(log.Client(), Options.Create(options), TimeProvider.System, NullLogger<AuditWriter>.Instance);
    }

    private static List<AuditEntry> Entries(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var at = DateTimeOffset.UtcNow;
        return new AuditEntry
        {
            Id = Guid.CreateVersion7(at),
            At = at,
            TenantId = "acme",
            ActorKind = "apikey",
            ActorId = "key-1",
            Action = "POST /v1/jobs",
            Target = i.ToString(),
            Status = 201,
            Outcome = AuditOutcome.Succeeded,
        };
    }).ToList();

    private static string Describe(FakeAuditLog log) => $"{log.Entries.Count} entries in {log.Calls} calls";

    [Fact]
    public async Task Record_SendsEntriesToTheAuditLogGrain_InBatchesOfAtMostMaxBatch()
    {
        var log = new FakeAuditLog();
        using var writer = Writer(log, o => o.MaxBatch = 100);
        await writer.StartAsync(CancellationToken.None);
        var entries = Entries(1_050);
        Assert.All(entries, e => Assert.True(writer.Record(e)));

        await Eventually.True(() => log.Entries.Count == entries.Count, $"1,050 entries to reach the grain ({Describe(log)})");
        Assert.Equal(entries, log.Entries);
        Assert.All(log.Batches, size => Assert.InRange(size, 1, 100));
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(0, writer.Dropped);
    }

    [Fact]
    public async Task FailedBatch_IsRetried_AndNothingIsLostOrDuplicated()
    {
        var log = new FakeAuditLog { FailNext = 3 };
        using var writer = Writer(log);
        await writer.StartAsync(CancellationToken.None);
        var entries = Entries(20);
        foreach (var entry in entries) writer.Record(entry);

        await Eventually.True(() => log.Entries.Count == entries.Count, $"20 entries to reach the grain after 3 failures ({Describe(log)})");
        Assert.Equal(entries, log.Entries);
        Assert.True(log.Calls >= 4, $"Expected at least 3 failed calls and one that succeeded; saw {log.Calls}.");
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stop_SendsWhatIsBuffered_WithoutWaitingForTheFlushInterval()
    {
        var log = new FakeAuditLog();
        using var writer = Writer(log, o => o.FlushInterval = TimeSpan.FromHours(1));
        await writer.StartAsync(CancellationToken.None);
        var entries = Entries(7);
        foreach (var entry in entries) writer.Record(entry);
        Assert.Empty(log.Entries); // still gathering: the flush interval is an hour

        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(entries, log.Entries);
        Assert.False(writer.Record(Entries(1)[0])); // a stopped writer takes nothing more
    }

    [Fact]
    public async Task FullBuffer_DropsAndCountsNewRecords_AndSendsTheBufferedOnes()
    {
        var log = new FakeAuditLog();
        using var writer = Writer(log, o => o.Capacity = 3);
        var entries = Entries(5);
        var accepted = entries.Select(writer.Record).ToList();
        Assert.Equal([true, true, true, false, false], accepted);
        Assert.Equal(2, writer.Dropped);

        await writer.StartAsync(CancellationToken.None);
        await Eventually.True(() => log.Entries.Count == 3, $"the 3 buffered entries to reach the grain ({Describe(log)})");
        Assert.Equal(entries.Take(3), log.Entries);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stop_WhenTheClusterStaysAway_GivesUpAtTheShutdownTimeout_AndCountsWhatIsLost()
    {
        var log = new FakeAuditLog { AlwaysFail = true };
        using var writer = Writer(log);
        await writer.StartAsync(CancellationToken.None);
        foreach (var entry in Entries(4)) writer.Record(entry);
        await Eventually.True(() => log.Calls >= 2, $"the writer to retry the refused batch ({Describe(log)})");

        await writer.StopAsync(new CancellationToken(canceled: true)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, writer.LostAtShutdown);
        Assert.Empty(log.Entries);
    }
}
