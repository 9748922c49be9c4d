using System.Text.Json.Serialization;

namespace Orchestrator.Client.Jobs;

/// <summary>Jitter applied to a retry delay.</summary>
[JsonConverter(typeof(WireEnumConverter<BackoffJitter>))]
public enum BackoffJitter
{
    /// <summary>A uniformly random delay up to the computed one (the default).</summary>
    Full = 0,
    /// <summary>Exactly the computed delay.</summary>
    None = 1,
}
