namespace Orchestrator.Grains.Hosting;

/// <summary>Ports of a localhost silo (<c>Orchestrator:Silo</c>); a gateway-mode API connects to <see cref="GatewayPort"/>.</summary>
public sealed class SiloPortsOptions
{
    public const string Section = "Orchestrator:Silo";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;
}
