using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Silo.Storage;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cluster;

public sealed class JobStateCodecTests
{
    private static readonly JobStateCodec Codec = new(TestSerializers.Serializer<JobState>());

    [Fact]
    public void BinaryState_RoundTrips_AndIsSmallerThanTheOldJson()
    {
        var state = new JobState
        {
            TenantId = "t1", Id = Guid.NewGuid(), Type = "noop", Status = JobStatus.Retrying, Payload = """{"k":[1,2]}""",
            NextAttemptAt = DateTimeOffset.UtcNow, AttemptDueAt = DateTimeOffset.UtcNow.AddSeconds(1), Owner = null, WakeAt = DateTimeOffset.UtcNow, Tags = ["a"], Attempt = 1,
            Attempts = [new JobAttempt { Number = 1, StartedAt = DateTimeOffset.UtcNow, Silo = "s", Result = AttemptResult.Failed, Error = "boom" }],
        };
        var bytes = Codec.Encode(state);
        var back = Codec.Decode(bytes);
        Assert.Equal((state.Id, state.Status, state.Payload, state.NextAttemptAt, state.WakeAt, state.AttemptDueAt), (back.Id, back.Status, back.Payload, back.NextAttemptAt, back.WakeAt, back.AttemptDueAt));
        Assert.Equal("boom", Assert.Single(back.Attempts).Error);
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(state, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        Assert.True(bytes.Length < json.Length / 2, $"binary {bytes.Length} B, JSON {json.Length} B");
    }

    [Fact]
    public void RowsWrittenAsJsonBeforeTheBinaryFormat_AreStillRead()
    {
        var legacy = """{"tenantId":"t1","id":"0194f2a0-0000-7000-8000-000000000001","type":"noop","status":"Scheduled","payload":"null","version":3}"""u8.ToArray();
        var state = Codec.Decode(legacy);
        Assert.Equal(("t1", JobStatus.Scheduled, 3L), (state.TenantId, state.Status, state.Version));
        Assert.Throws<InvalidDataException>(() => Codec.Decode([7, 1, 2]));
    }
}
