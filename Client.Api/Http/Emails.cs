namespace Orchestrator.Client.Api.Http;

/// <summary>Email addresses as sign-in names: trimmed, lower-case, a plausible shape (delivery is not checked).</summary>
public static class Emails
{
    public const int MaxLength = 254;

    /// <summary>The normalised address, or null when it is not plausibly an email address.</summary>
    public static string? Normalize(string? email)
    {
        var text = email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength) return null;
        var at = text.IndexOf('@');
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1 && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? text : null;
    }
}
