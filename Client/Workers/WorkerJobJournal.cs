namespace Orchestrator.Client.Workers;

/// <summary>What a handler reported since the last heartbeat. Thread-safe.</summary>
public sealed class WorkerJobJournal
{
    private const int MaxLines = 200;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private int? _progress;
    private bool _changed;

    public void SetProgress(int percent)
    {
        lock (_gate) (_progress, _changed) = (Math.Clamp(percent, 0, 100), true);
    }

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Add(line);
            if (_lines.Count > MaxLines) _lines.RemoveAt(0); // the attempt log keeps the newest 200 anyway
            _changed = true;
        }
    }

    /// <summary>Takes what is new: the progress (null when not reported) and the lines since the last take.</summary>
    public (bool Changed, int? Progress, string[] Lines) Take()
    {
        lock (_gate)
        {
            var taken = (_changed, _progress, _lines.ToArray());
            _lines.Clear();
            _changed = false;
            return taken;
        }
    }
}
