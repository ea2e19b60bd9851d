namespace ScaleSets.Simulation.Cloud;

/// <summary>
/// The descriptions of a dictionary's items in its order, kept between list calls: a refresh describes anew only the items
/// marked changed, and rebuilds the listing (reusing the unchanged items' descriptions) only when items came or went.
/// </summary>
/// <typeparam name="TItem">The item.</typeparam>
/// <typeparam name="TInfo">The item's description.</typeparam>
/// <remarks>Not thread-safe: used under the cloud's lock.</remarks>
internal sealed class Listing<TItem, TInfo>
    where TItem : Listed<TInfo>
    where TInfo : class
{
    private readonly List<TInfo> _listing = [];
    private readonly List<TItem> _changed = [];
    private bool _rebuild;
    private bool _describeAll;

    /// <summary>Records that items came or went: the next refresh rebuilds the listing.</summary>
    public void ItemsCameOrWent() => _rebuild = true;

    /// <summary>Records that every item's description may have changed: the next refresh describes them all.</summary>
    public void DescribeAll()
    {
        _rebuild = true;
        _describeAll = true;
    }

    /// <summary>Marks an item to be described anew by the next refresh.</summary>
    public void MarkChanged(TItem item)
    {
        if (!item.Changed)
        {
            item.Changed = true;
            _changed.Add(item);
        }
    }

    /// <summary>Returns the listing of <paramref name="items"/> at <paramref name="now"/>; the caller copies it.</summary>
    public List<TInfo> Refresh(Dictionary<string, TItem>.ValueCollection items, DateTimeOffset now, Func<TItem, DateTimeOffset, TInfo> describe)
    {
        if (_rebuild)
        {
            _listing.Clear();
            foreach (var item in items)
            {
                item.ListIndex = _listing.Count;
                _listing.Add(item.Changed || _describeAll || item.Cached is null ? describe(item, now) : item.Cached);
            }

            _rebuild = false;
            _describeAll = false;
        }
        else
        {
            foreach (var item in _changed)
            {
                // Every changed item is still listed: one that went would have made the listing rebuild.
                _listing[item.ListIndex] = describe(item, now);
            }
        }

        foreach (var item in _changed)
        {
            item.Changed = false;
        }

        _changed.Clear();
        return _listing;
    }
}
