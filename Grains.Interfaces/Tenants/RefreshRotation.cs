namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>The outcome of presenting a refresh token.</summary>
public enum RefreshOutcome
{
    /// <summary>The token was the family's current one; the next one is now current.</summary>
    Rotated = 0,

    /// <summary>An already-used token of the family: someone replayed it, so the whole family is revoked.</summary>
    Reused = 1,

    /// <summary>Unknown, expired or revoked.</summary>
    Invalid = 2,
}

/// <summary>What a refresh did, and for whom (<paramref name="Email"/> and <paramref name="UserId"/> when rotated).</summary>
[GenerateSerializer, Alias("RefreshRotation")]
public sealed record RefreshRotation(
    [property: Id(0)] RefreshOutcome Outcome,
    [property: Id(1)] string? Email,
    [property: Id(2)] string? UserId);
