using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;

namespace Orchestrator.Tests.Jobs;

public sealed class JobTransitionsTests
{
    /// <summary>The legal moves, written out independently of the table in code (DESIGN.md's state diagram).</summary>
    private static readonly Dictionary<(JobStatus, JobTrigger), JobStatus> Legal = new()
    {
        [(JobStatus.Scheduled, JobTrigger.Due)] = JobStatus.Queued,
        [(JobStatus.Scheduled, JobTrigger.Cancel)] = JobStatus.Cancelled,
        [(JobStatus.Queued, JobTrigger.Start)] = JobStatus.Running,
        [(JobStatus.Queued, JobTrigger.Cancel)] = JobStatus.Cancelled,
        [(JobStatus.Running, JobTrigger.Succeed)] = JobStatus.Succeeded,
        [(JobStatus.Running, JobTrigger.Fail)] = JobStatus.Retrying,
        [(JobStatus.Running, JobTrigger.DeadLetter)] = JobStatus.DeadLettered,
        [(JobStatus.Running, JobTrigger.LeaseLost)] = JobStatus.Queued,
        [(JobStatus.Running, JobTrigger.Cancel)] = JobStatus.Cancelled,
        [(JobStatus.Retrying, JobTrigger.Due)] = JobStatus.Queued,
        [(JobStatus.Retrying, JobTrigger.Cancel)] = JobStatus.Cancelled,
        [(JobStatus.DeadLettered, JobTrigger.Retry)] = JobStatus.Queued,
        [(JobStatus.Cancelled, JobTrigger.Retry)] = JobStatus.Queued,
    };

    public static TheoryData<JobStatus, JobTrigger> EveryPair()
    {
        var data = new TheoryData<JobStatus, JobTrigger>();
        foreach (var status in Enum.GetValues<JobStatus>())
        foreach (var trigger in Enum.GetValues<JobTrigger>())
            data.Add(status, trigger);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Apply_MovesLegalPairs_AndRefusesEveryOther(JobStatus from, JobTrigger trigger)
    {
        if (Legal.TryGetValue((from, trigger), out var expected))
        {
            Assert.Equal(expected, JobTransitions.Apply(from, trigger));
            Assert.True(JobTransitions.IsLegal(from, trigger));
        }
        else
        {
            var error = Assert.Throws<IllegalTransitionException>(() => JobTransitions.Apply(from, trigger));
            Assert.Equal(from, error.From);
            Assert.Equal(trigger, error.Trigger);
            Assert.False(JobTransitions.IsLegal(from, trigger));
        }
    }

    [Fact]
    public void EveryPair_CoversAllStatusesAndTriggers() =>
        Assert.Equal(Enum.GetValues<JobStatus>().Length * Enum.GetValues<JobTrigger>().Length, EveryPair().Count());

    [Theory]
    [InlineData(JobStatus.Succeeded, true)]
    [InlineData(JobStatus.DeadLettered, true)]
    [InlineData(JobStatus.Cancelled, true)]
    [InlineData(JobStatus.Scheduled, false)]
    [InlineData(JobStatus.Queued, false)]
    [InlineData(JobStatus.Running, false)]
    [InlineData(JobStatus.Retrying, false)]
    public void IsTerminal_IsTrueOnlyForEndStates(JobStatus status, bool terminal) =>
        Assert.Equal(terminal, JobTransitions.IsTerminal(status));

    [Fact]
    public void TerminalStates_LeaveOnlyByManualRetry()
    {
        foreach (var status in Enum.GetValues<JobStatus>().Where(JobTransitions.IsTerminal))
        foreach (var trigger in Enum.GetValues<JobTrigger>().Where(t => JobTransitions.IsLegal(status, t)))
            Assert.Equal(JobTrigger.Retry, trigger);
    }
}
