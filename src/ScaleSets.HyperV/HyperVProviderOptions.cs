using System.Globalization;

namespace ScaleSets.HyperV;

/// <summary>Options of a <see cref="HyperVComputeProvider"/>. Validated when the provider is created; every problem is reported at once.</summary>
public sealed class HyperVProviderOptions
{
    private const long MiB = 1024 * 1024;

    /// <summary>Gets or sets the folder on the Hyper-V host that holds the VMs' differencing disks.</summary>
    /// <value>Required.</value>
    public string DiskDirectory { get; set; } = string.Empty;

    /// <summary>Gets or sets the folder on the host for the VMs' configuration files (<c>New-VM -Path</c>), or <see langword="null"/> for Hyper-V's default.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? VmDirectory { get; set; }

    /// <summary>Gets or sets the virtual switch the VMs' network adapter connects to.</summary>
    /// <value>The default is <c>Default Switch</c>.</value>
    public string SwitchName { get; set; } = "Default Switch";

    /// <summary>Gets or sets the VM generation (2 for UEFI images, 1 for BIOS images).</summary>
    /// <value>The default is 2.</value>
    public int Generation { get; set; } = 2;

    /// <summary>Gets or sets the size used when the model's <see cref="Abstractions.ScaleSetModel.Size"/> is empty.</summary>
    /// <value>The default is 2 processors and 2 GiB.</value>
    public HyperVVmSize DefaultSize { get; set; } = new(2, 2048 * MiB);

    /// <summary>Gets named sizes for <see cref="Abstractions.ScaleSetModel.Size"/>. Names not listed may also be written <c>&lt;n&gt;cpu-&lt;m&gt;gb</c>, for example <c>2cpu-4gb</c>.</summary>
    /// <value>The default is none.</value>
    public IDictionary<string, HyperVVmSize> Sizes { get; } = new Dictionary<string, HyperVVmSize>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets a value indicating whether create, start, restart and reimage wait until the VM's heartbeat is OK and it has an IP address.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool WaitForReady { get; set; } = true;

    /// <summary>Gets or sets how long a VM may take to report heartbeat OK and an IP address before the operation fails (the VM is left in place).</summary>
    /// <value>The default is five minutes. Allowed: 1 second to 1 hour.</value>
    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the pause between checks while waiting for VMs to become ready.</summary>
    /// <value>The default is five seconds. Allowed: 10 milliseconds to 1 minute.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long one script run may take before it is killed and its items fail as transient.</summary>
    /// <value>The default is five minutes. Allowed: 1 second to 1 hour.</value>
    public TimeSpan ScriptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the most VMs one script run handles (each PowerShell start costs about a second, so concurrent calls are batched).</summary>
    /// <value>The default is 10. Allowed: 1 to 100.</value>
    public int MaxVmsPerScript { get; set; } = 10;

    /// <summary>
    /// Gets or sets the most bytes of request (Base64 UTF-8 JSON, written on standard input) one script run carries: a
    /// batch is split to stay within it, and the request of one VM that alone exceeds it (a model with megabytes of tags)
    /// fails at once as a permanent error saying so, before any PowerShell starts.
    /// </summary>
    /// <value>The default is 4 MiB. Allowed: 16 KiB to 256 MiB.</value>
    public int MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Gets or sets how many scripts run at once against the host.</summary>
    /// <value>The default is 2. Allowed: 1 to 16.</value>
    public int MaxConcurrentScripts { get; set; } = 2;

    /// <summary>Gets or sets how long creates and starts fail at once after the host ran out of memory, unless a VM is stopped or deleted first.</summary>
    /// <value>The default is five minutes. Allowed: 0 to 1 day.</value>
    public TimeSpan CapacityRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the local folder the shipped scripts are extracted to, or <see langword="null"/> for a folder under the temporary directory.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ScriptDirectory { get; set; }

    /// <summary>Returns every problem with these options, each naming the option.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DiskDirectory))
        {
            errors.Add("HyperVProviderOptions.DiskDirectory: is required (the host folder for differencing disks).");
        }

        if (string.IsNullOrWhiteSpace(SwitchName))
        {
            errors.Add("HyperVProviderOptions.SwitchName: is required (VMs need a network adapter to get an IP address).");
        }

        if (Generation is not (1 or 2))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"HyperVProviderOptions.Generation: {Generation} is not 1 or 2."));
        }

        if (DefaultSize is null)
        {
            errors.Add("HyperVProviderOptions.DefaultSize: is required.");
        }
        else
        {
            CheckSize(errors, "HyperVProviderOptions.DefaultSize", DefaultSize);
        }

        foreach (var (name, size) in Sizes)
        {
            if (size is null)
            {
                errors.Add($"HyperVProviderOptions.Sizes[{name}]: must not be null.");
            }
            else
            {
                CheckSize(errors, $"HyperVProviderOptions.Sizes[{name}]", size);
            }
        }

        CheckSpan(errors, nameof(BootTimeout), BootTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        CheckSpan(errors, nameof(PollInterval), PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        CheckSpan(errors, nameof(ScriptTimeout), ScriptTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        CheckSpan(errors, nameof(CapacityRetryInterval), CapacityRetryInterval, TimeSpan.Zero, TimeSpan.FromDays(1));
        if (MaxVmsPerScript is < 1 or > 100)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"HyperVProviderOptions.MaxVmsPerScript: {MaxVmsPerScript} is outside 1 to 100."));
        }

        if (MaxRequestBytes is < 16 * 1024 or > 256 * 1024 * 1024)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"HyperVProviderOptions.MaxRequestBytes: {MaxRequestBytes} is outside 16384 to 268435456."));
        }

        if (MaxConcurrentScripts is < 1 or > 16)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"HyperVProviderOptions.MaxConcurrentScripts: {MaxConcurrentScripts} is outside 1 to 16."));
        }

        return errors;
    }

    /// <summary>Resolves a model's size name.</summary>
    /// <param name="size">The model's size, possibly empty.</param>
    /// <param name="resolved">The size.</param>
    /// <returns>Whether the name is known.</returns>
    internal bool TryResolveSize(string? size, out HyperVVmSize resolved)
    {
        if (string.IsNullOrEmpty(size))
        {
            resolved = DefaultSize;
            return true;
        }

        if (Sizes.TryGetValue(size, out var named))
        {
            resolved = named;
            return true;
        }

        var cpu = size.IndexOf("cpu-", StringComparison.OrdinalIgnoreCase);
        if (cpu > 0 && size.EndsWith("gb", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(size.AsSpan(0, cpu), NumberStyles.None, CultureInfo.InvariantCulture, out var processors)
            && int.TryParse(size.AsSpan(cpu + 4, size.Length - cpu - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var gigabytes)
            && processors is >= 1 and <= 240 && gigabytes is >= 1 and <= 12288)
        {
            resolved = new HyperVVmSize(processors, gigabytes * 1024 * MiB);
            return true;
        }

        resolved = DefaultSize;
        return false;
    }

    /// <summary>Throws when the options are invalid.</summary>
    internal void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Hyper-V provider options: " + string.Join(" ", errors));
        }
    }

    private static void CheckSize(List<string> errors, string path, HyperVVmSize size)
    {
        if (size.ProcessorCount is < 1 or > 240)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}.ProcessorCount: {size.ProcessorCount} is outside 1 to 240."));
        }

        if (size.MemoryBytes < 32 * MiB || size.MemoryBytes % (2 * MiB) != 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}.MemoryBytes: {size.MemoryBytes} must be at least 32 MiB and a multiple of 2 MiB."));
        }
    }

    private static void CheckSpan(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"HyperVProviderOptions.{name}: {value:c} is outside {min:c} to {max:c}."));
        }
    }
}
