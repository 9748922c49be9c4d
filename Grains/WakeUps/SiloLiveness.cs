using Orleans.Runtime;

namespace Orchestrator.Grains.WakeUps;

/// <summary>
/// Whether the silo that owns a job (its executor holds the job) is still a member of the cluster, from this silo's
/// view of membership. An owner is an Orleans silo address, which includes the silo's start generation, so a silo
/// restarted on the same endpoint is a new owner.
/// </summary>
public sealed class SiloLiveness(IClusterMembershipService membership, ILocalSiloDetails local)
{
    /// <summary>This silo, as it is recorded as the owner of the jobs its executor holds.</summary>
    public string Self { get; } = OwnerOf(local.SiloAddress);

    /// <summary>How a silo is named as a job's owner: its address with its start generation.</summary>
    public static string OwnerOf(SiloAddress silo) => silo.ToParsableString();

    /// <summary>Changes whenever membership does.</summary>
    public MembershipVersion Version => membership.CurrentSnapshot.Version;

    /// <summary>Owners that may hold jobs: every member not declared dead.</summary>
    public IReadOnlyCollection<string> LiveOwners() =>
        membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status != SiloStatus.Dead)
            .Select(m => OwnerOf(m.SiloAddress))
            .ToArray();

    /// <summary>
    /// True when the owner is declared dead, or is unknown here and started before this silo did (a silo of an
    /// earlier cluster run, or one whose entry was cleaned up). An unknown owner that started after this silo is
    /// taken as alive: it probably joined and this silo has not heard yet; a later check decides.
    /// </summary>
    public bool IsGone(string owner)
    {
        if (owner == Self) return false;
        SiloAddress address;
        try
        {
            address = SiloAddress.FromParsableString(owner);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return true; // not a silo address at all: no silo can hold the job
        }
        return membership.CurrentSnapshot.GetSiloStatus(address) switch
        {
            SiloStatus.Dead => true,
            SiloStatus.None => address.Generation < local.SiloAddress.Generation,
            _ => false,
        };
    }
}
