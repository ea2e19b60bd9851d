namespace ScaleSets.Simulation.Cloud;

/// <summary>What an item a <see cref="Listing{TItem, TInfo}"/> lists (an instance, a pool member) keeps for it.</summary>
/// <typeparam name="TInfo">The item's description.</typeparam>
/// <remarks>Fields of a base class rather than an interface, so the listing's loops read them directly.</remarks>
internal abstract class Listed<TInfo>
    where TInfo : class
{
    /// <summary>Gets or sets the description last made, reused while the item is unchanged.</summary>
    public TInfo? Cached { get; set; }

    /// <summary>Gets or sets a value indicating whether the item's entry is to be described anew by the next refresh.</summary>
    public bool Changed { get; set; }

    /// <summary>Gets or sets the item's position in the listing.</summary>
    public int ListIndex { get; set; }
}
