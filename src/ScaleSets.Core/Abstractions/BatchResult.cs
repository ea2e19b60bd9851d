namespace ScaleSets.Abstractions;

/// <summary>The per-item outcome of a batch call: real providers fail part-way, so each item succeeds or fails on its own.</summary>
/// <param name="Items">One result per requested item, in request order.</param>
public sealed record BatchResult(IReadOnlyList<InstanceOperationResult> Items)
{
    /// <summary>Gets a value indicating whether every item succeeded.</summary>
    public bool AllSucceeded
    {
        get
        {
            foreach (var item in Items)
            {
                if (!item.Succeeded)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
