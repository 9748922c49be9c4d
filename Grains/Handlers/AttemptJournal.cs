using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Handlers;

/// <summary>
/// Where a running attempt's log lines and progress go (<see cref="JobContext.Log"/>,
/// <see cref="JobContext.ReportProgress"/>): kept in memory by the executor, readable live while the attempt runs
/// and stored with the attempt when it ends. Bounded as <see cref="AttemptLog"/> documents; thread-safe, since a
/// handler may write from several threads.
/// </summary>
public sealed class AttemptJournal(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<JobLogLine> _lines = new();
    private int _chars;
    private int _dropped;
    private int? _progress;

    public AttemptJournal() : this(TimeProvider.System)
    {
    }

    /// <summary>A journal that continues <paramref name="log"/> (an external worker's attempt, stored between heartbeats).</summary>
    public static AttemptJournal Continuing(AttemptLog? log, TimeProvider time)
    {
        var journal = new AttemptJournal(time);
        if (log is null) return journal;
        foreach (var line in log.Lines)
        {
            journal._lines.Enqueue(line);
            journal._chars += line.Message.Length;
        }
        journal._dropped = log.DroppedLines;
        journal._progress = log.Progress;
        return journal;
    }

    /// <summary>Appends a line, cut to <see cref="JobLimits.MaxLogLineChars"/>; the oldest lines go when a bound is hit.</summary>
    public void Write(string? message)
    {
        if (message is null) return;
        if (message.Length > JobLimits.MaxLogLineChars) message = message[..JobLimits.MaxLogLineChars];
        var line = new JobLogLine(time.GetUtcNow(), message);
        lock (_gate)
        {
            _lines.Enqueue(line);
            _chars += message.Length;
            while (_lines.Count > JobLimits.MaxLogLinesPerAttempt || _chars > JobLimits.MaxLogCharsPerAttempt)
            {
                _chars -= _lines.Dequeue().Message.Length;
                _dropped++;
            }
        }
    }

    /// <summary>Records progress, clamped to 0–100.</summary>
    public void SetProgress(int percent)
    {
        lock (_gate) _progress = Math.Clamp(percent, 0, 100);
    }

    /// <summary>What was written so far.</summary>
    public AttemptLog Snapshot()
    {
        lock (_gate)
        {
            return _lines.Count == 0 && _progress is null && _dropped == 0
                ? AttemptLog.Empty
                : new AttemptLog { Lines = [.. _lines], Progress = _progress, DroppedLines = _dropped };
        }
    }
}
