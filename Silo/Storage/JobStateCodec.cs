using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Serialization;
using Orchestrator.Grains.Jobs;

namespace Orchestrator.Silo.Storage;

/// <summary>
/// The <c>jobs.state</c> column: the grain state in Orleans' binary format, behind a one-byte format marker. It is
/// what the grain reads back; everything a person or a list query needs is also in real columns. Binary rather than
/// JSON because it is several times smaller and cheaper to write and read on both sides, and version tolerant the
/// same way grain state is (field ids, never renumbered). Rows written before sql/0007 hold UTF-8 JSON, which
/// starts with <c>{</c> and is still read.
/// </summary>
public sealed class JobStateCodec(Serializer<JobState> serializer)
{
    private const byte OrleansBinary = 1;
    private static readonly JsonSerializerOptions LegacyJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public byte[] Encode(JobState state)
    {
        var body = serializer.SerializeToArray(state);
        var bytes = new byte[body.Length + 1];
        bytes[0] = OrleansBinary;
        body.CopyTo(bytes, 1);
        return bytes;
    }

    public JobState Decode(byte[] bytes) => bytes switch
    {
        [OrleansBinary, ..] => serializer.Deserialize(bytes.AsMemory(1)) ?? throw new InvalidDataException("jobs.state holds no job state."),
        [(byte)'{', ..] => JsonSerializer.Deserialize<JobState>(bytes, LegacyJson)!,
        _ => throw new InvalidDataException($"jobs.state starts with format byte {(bytes.Length > 0 ? bytes[0] : -1)}, which this version cannot read."),
    };
}
