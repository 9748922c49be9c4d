namespace Orchestrator.Grains.Notifications;

/// <summary>The SMTP server of the <c>email</c> channel (<c>Orchestrator:Notifications:Smtp</c>). Without a host, email rules are refused.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Orchestrator:Notifications:Smtp";
    public const int DefaultPort = 587;
    public const string DefaultFrom = "orchestrator@localhost";

    /// <summary>The server's host name; null (the default) switches email off.</summary>
    public string? Host { get; set; }

    /// <summary>Default 587 (submission).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The sender address. Default <c>orchestrator@localhost</c>.</summary>
    public string From { get; set; } = DefaultFrom;

    /// <summary>Authenticate with these credentials when set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// True (the default): TLS is required — implicit TLS on port 465, STARTTLS otherwise. False: plain SMTP, for a
    /// relay on the local network or loopback.
    /// </summary>
    public bool UseTls { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
