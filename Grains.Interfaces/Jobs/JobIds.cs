using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>Job identifiers and grain keys: a job grain is keyed <c>{tenant}/{jobId}</c>.</summary>
public static class JobIds
{
    /// <summary>The tenant a gateway seeds at start in embedded mode (and wherever <c>Orchestrator:DefaultTenant</c> enables it).</summary>
    public const string DefaultTenant = "default";

    /// <summary>A new time-ordered job id (UUIDv7).</summary>
    public static Guid New() => Guid.CreateVersion7();

    /// <summary>
    /// The job id an idempotency key fixes: a name-based UUID (version 8 layout) over the tenant and key,
    /// so the same key always addresses the same job grain and no lookup table is needed.
    /// </summary>
    public static Guid FromIdempotencyKey(string tenantId, string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}\n{idempotencyKey}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The grain key of a job.</summary>
    public static string GrainKey(string tenantId, Guid jobId) => $"{tenantId}/{jobId:D}";

    /// <summary>Splits a grain key into tenant and job id.</summary>
    public static (string TenantId, Guid JobId) ParseGrainKey(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !Guid.TryParse(key.AsSpan(slash + 1), out var id))
        {
            throw new FormatException($"'{key}' is not a job key of the form tenant/jobId.");
        }
        return (key[..slash], id);
    }
}
