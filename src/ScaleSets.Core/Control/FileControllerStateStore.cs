using System.Text.Json;

namespace ScaleSets.Control;

/// <summary>
/// Keeps each scale set's <see cref="ControllerState"/> in a JSON file in one folder, so a controller restarted on the
/// same machine (or one that shares the folder) behaves as the one before it. Writes go to a temporary file that then
/// replaces the old one, so a crash mid-write never leaves half a state.
/// </summary>
public sealed class FileControllerStateStore : IControllerStateStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Creates a store in <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">The folder the state files live in.</param>
    public FileControllerStateStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>Gets the folder the state files live in.</summary>
    public string Directory { get; }

    /// <summary>Returns the file that holds <paramref name="scaleSetName"/>'s state.</summary>
    /// <param name="scaleSetName">The scale set; letters, digits, '.', '-' and '_' only, so the name cannot leave the folder.</param>
    /// <returns>The file's full path.</returns>
    /// <exception cref="ArgumentException">The name is empty or holds other characters.</exception>
    public string PathOf(string scaleSetName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scaleSetName);
        foreach (var c in scaleSetName)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') || scaleSetName is "." or "..")
            {
                throw new ArgumentException($"Scale set name '{scaleSetName}' cannot name a state file: use letters, digits, '.', '-' and '_' only.", nameof(scaleSetName));
            }
        }

        return Path.Combine(Directory, scaleSetName + ".controller-state.json");
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The file exists but does not hold a controller state; the message names it.</exception>
    public async Task<ControllerState?> LoadAsync(string scaleSetName, CancellationToken cancellationToken)
    {
        var path = PathOf(scaleSetName);
        if (!File.Exists(path))
        {
            return null;
        }

        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync<ControllerState>(stream, Json, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{path}: the file holds null instead of a controller state.");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: not a controller state ({e.Message}); fix or delete the file.", e);
            }
        }
    }

    /// <inheritdoc/>
    public async Task SaveAsync(string scaleSetName, ControllerState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var path = PathOf(scaleSetName);
        System.IO.Directory.CreateDirectory(Directory);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var stream = File.Create(temp);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, state, Json, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temp, path, overwrite: true);
    }
}
