namespace Orchestrator.Grains.Hosting;

/// <summary>Ports of a localhost silo (<c>Orchestrator:Silo</c>); a gateway-mode API connects to <see cref="GatewayPort"/>.</summary>
public sealed class SiloPortsOptions
{
    public const string Section = "Orchestrator:Silo";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo at, in cluster mode. Default: the first IPv4 address
    /// of the host name (a container's address under Docker), else loopback.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}
