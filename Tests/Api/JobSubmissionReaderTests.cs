using System.Text.Json;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Tests.Api;

public sealed class JobSubmissionReaderTests
{
    private static JobSubmissionReader.Result Read(string json, string? idempotencyKey = null)
    {
        using var doc = JsonDocument.Parse(json);
        return JobSubmissionReader.Read(doc.RootElement, "", "corr-1", idempotencyKey);
    }

    [Fact]
    public void Read_MinimalSubmission_FillsDefaults()
    {
        var spec = Read("""{"type":"noop"}""").Spec!;
        Assert.Equal("noop", spec.Type);
        Assert.Equal("null", spec.Payload);
        Assert.Equal("default", spec.Queue);
        Assert.Equal(0, spec.Priority);
        Assert.Equal("corr-1", spec.CorrelationId);
        Assert.Null(spec.MaxAttempts);
        Assert.Null(spec.RequestFingerprint);
    }

    [Fact]
    public void Read_FullSubmission_ReadsEveryField()
    {
        var spec = Read("""
            {"type":"http","payload":{ "url" : "https://example.com" },"queue":"q1","priority":7,"delay":"PT1M30S",
             "maxAttempts":4,"backoff":{"initial":0.5,"max":"PT10S","multiplier":3,"jitter":"none"},
             "timeout":45,"correlationId":"abc","tags":["a","b"]}
            """).Spec!;
        Assert.Equal("""{"url":"https://example.com"}""", spec.Payload);
        Assert.Equal("q1", spec.Queue);
        Assert.Equal(7, spec.Priority);
        Assert.Equal(TimeSpan.FromSeconds(90), spec.Delay);
        Assert.Equal(4, spec.MaxAttempts);
        Assert.Equal(new BackoffPolicy { Initial = TimeSpan.FromMilliseconds(500), Max = TimeSpan.FromSeconds(10), Multiplier = 3, Jitter = BackoffJitter.None }, spec.Backoff);
        Assert.Equal(TimeSpan.FromSeconds(45), spec.Timeout);
        Assert.Equal("abc", spec.CorrelationId);
        Assert.Equal(["a", "b"], spec.Tags);
    }

    [Theory]
    [InlineData("2030-01-01T09:00:00Z", "2030-01-01T09:00:00+00:00")]
    [InlineData("2030-01-01T10:00:00.250+01:00", "2030-01-01T09:00:00.25+00:00")]
    public void Read_RunAtWithOffset_IsAccepted(string runAt, string expectedUtc)
    {
        var spec = Read($$"""{"type":"noop","runAt":"{{runAt}}"}""").Spec!;
        Assert.Equal(DateTimeOffset.Parse(expectedUtc), spec.RunAt);
    }

    [Theory]
    [InlineData("""{"type":"noop","runAt":"2030-01-01T09:00:00"}""", "runAt")]
    [InlineData("""{"type":"noop","runAt":"tomorrow"}""", "runAt")]
    [InlineData("""{"type":"noop","delay":-1}""", "delay")]
    [InlineData("""{"type":"noop","delay":"P"}""", "delay")]
    [InlineData("""{"type":"noop","delay":5,"runAt":"2030-01-01T09:00:00Z"}""", "runAt")]
    [InlineData("""{"type":"noop","priority":1.5}""", "priority")]
    [InlineData("""{"type":"noop","priority":-1001}""", "priority")]
    [InlineData("""{"type":"noop","maxAttempts":101}""", "maxAttempts")]
    [InlineData("""{"type":"noop","timeout":"PT25H"}""", "timeout")]
    [InlineData("""{"type":"noop","backoff":{"initial":10,"max":5}}""", "backoff.max")]
    [InlineData("""{"type":"noop","backoff":{"initial":0}}""", "backoff.initial")]
    [InlineData("""{"type":"noop","backoff":{"multiplier":11}}""", "backoff.multiplier")]
    [InlineData("""{"type":"noop","backoff":{"factor":2}}""", "backoff.factor")]
    [InlineData("""{"type":"noop","tags":["ok",3]}""", "tags")]
    [InlineData("""{"type":"noop","queue":"has space"}""", "queue")]
    [InlineData("""{"type":"no op"}""", "type")]
    [InlineData("""{"type":"noop","correlationId":"with space"}""", "correlationId")]
    [InlineData("""{"payload":{}}""", "type")]
    [InlineData("""{"type":"noop","maxAttempt":3}""", "maxAttempt")]
    public void Read_BadField_NamesTheField(string json, string field)
    {
        var result = Read(json);
        Assert.Null(result.Spec);
        Assert.Contains(field, result.Errors.Keys);
    }

    [Fact]
    public void Read_CountsPayloadBytesOfCompactJson()
    {
        var result = Read("""{"type":"noop","payload": { "k" : "é" } }""");
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount("""{"k":"é"}"""), result.PayloadBytes);
    }

    [Fact]
    public void Read_WithIdempotencyKey_FingerprintIgnoresWhitespaceButNotValues()
    {
        var a = Read("""{"type":"noop","payload":{"n":1}}""", "k").Spec!;
        var b = Read("""{ "type" : "noop", "payload" : { "n" : 1 } }""", "k").Spec!;
        var c = Read("""{"type":"noop","payload":{"n":2}}""", "k").Spec!;
        Assert.Equal(a.RequestFingerprint, b.RequestFingerprint);
        Assert.NotEqual(a.RequestFingerprint, c.RequestFingerprint);
    }

    [Fact]
    public void JobIds_FromIdempotencyKey_IsStablePerTenantAndKey()
    {
        Assert.Equal(JobIds.FromIdempotencyKey("t", "k"), JobIds.FromIdempotencyKey("t", "k"));
        Assert.NotEqual(JobIds.FromIdempotencyKey("t", "k"), JobIds.FromIdempotencyKey("t2", "k"));
        Assert.NotEqual(JobIds.FromIdempotencyKey("t", "k"), JobIds.FromIdempotencyKey("t", "k2"));
    }

    [Fact]
    public void Cursor_RoundTrips_AndGarbageIsRefused()
    {
        var cursor = new JobCursor(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), Guid.NewGuid());
        Assert.Equal(cursor, JobListQueryReader.DecodeCursor(JobListQueryReader.EncodeCursor(cursor)));
        Assert.Null(JobListQueryReader.DecodeCursor("not-a-cursor"));
        Assert.Null(JobListQueryReader.DecodeCursor("!!"));
    }
}
