using System.Collections.Immutable;
using System.Net;
using Orleans.Runtime;
using Orchestrator.Grains.WakeUps;

namespace Orchestrator.Tests.WakeUps;

/// <summary>When a job's owner silo counts as gone, which decides whether a wake shard's orphan is re-queued.</summary>
public sealed class SiloLivenessTests
{
    private static readonly SiloAddress Self = Address(11111, generation: 2000);

    [Theory]
    [InlineData(SiloStatus.Active, false)]
    [InlineData(SiloStatus.Joining, false)]
    [InlineData(SiloStatus.ShuttingDown, false)]
    [InlineData(SiloStatus.Dead, true)]
    public void KnownOwner_IsGoneOnlyWhenDeclaredDead(SiloStatus status, bool gone)
    {
        var other = Address(11112, generation: 1000);
        var liveness = Liveness((other, status));
        Assert.Equal(gone, liveness.IsGone(other.ToParsableString()));
        Assert.Equal(!gone, liveness.LiveOwners().Contains(other.ToParsableString()));
    }

    [Fact]
    public void UnknownOwner_IsGoneWhenOlderThanThisSilo_AndTakenAsAliveWhenNewer()
    {
        var liveness = Liveness();
        Assert.True(liveness.IsGone(Address(11112, generation: 1999).ToParsableString()));  // an earlier cluster run
        Assert.False(liveness.IsGone(Address(11112, generation: 2001).ToParsableString())); // joined after this view
        Assert.False(liveness.IsGone(Self.ToParsableString()));
        Assert.True(liveness.IsGone("(before wake index)"));
    }

    private static SiloAddress Address(int port, int generation) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation);

    private static SiloLiveness Liveness(params (SiloAddress Address, SiloStatus Status)[] others)
    {
        var members = others.Append((Self, SiloStatus.Active))
            .ToImmutableDictionary(m => m.Item1, m => new ClusterMember(m.Item1, m.Item2, m.Item1.ToString()));
        return new SiloLiveness(new FixedMembership(new ClusterMembershipSnapshot(members, new MembershipVersion(7))), new LocalSilo(Self));
    }

    private sealed class FixedMembership(ClusterMembershipSnapshot snapshot) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot => snapshot;
        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();
        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
        public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);
    }

    private sealed class LocalSilo(SiloAddress address) : ILocalSiloDetails
    {
        public string Name => "self";
        public string ClusterId => "test";
        public string DnsHostName => "localhost";
        public SiloAddress SiloAddress => address;
        public SiloAddress GatewayAddress => address;
    }
}
