namespace Orchestrator.Grains.WakeUps;

/// <summary>
/// The job space is split into a fixed number of wake shards, each swept by one <see cref="WakeShardGrain"/>. A job's
/// shard is derived from the last byte of its id (random in UUIDv7 and in name-based ids), so SQL can compute the
/// same value (<c>get_byte(uuid_send(job_id), 15) % 8</c>). The count is part of the stored data: changing it needs
/// a migration that recomputes <c>jobs.wake_shard</c>.
/// </summary>
public static class WakeShards
{
    public const int Count = 8;

    public static int Of(Guid jobId)
    {
        Span<byte> bytes = stackalloc byte[16];
        jobId.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes[15] % Count;
    }
}
