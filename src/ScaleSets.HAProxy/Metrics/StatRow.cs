namespace ScaleSets.HAProxy.Metrics;

/// <summary>One backend or server row of <c>show stat</c>, as a metric source reads it.</summary>
/// <param name="Server">The server name (<c>svname</c>); <c>BACKEND</c> for the backend's row.</param>
/// <param name="IsBackend">Whether this is the backend's row (type 1).</param>
/// <param name="Line">The row's line number in the answer, for problems.</param>
/// <param name="Values">The numeric fields, <see cref="double.NaN"/> where empty or unreadable.</param>
/// <param name="Id">The server's numeric id (<c>sid</c>), or -1 when not reported.</param>
internal readonly record struct StatRow(string Server, bool IsBackend, int Line, StatValues Values, int Id)
{
    /// <summary>Gets one field's value.</summary>
    public double this[StatField field] => Values[(int)field];
}
