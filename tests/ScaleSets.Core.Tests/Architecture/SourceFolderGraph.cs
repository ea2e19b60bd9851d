using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ScaleSets.Tests.Architecture;

/// <summary>
/// Which source folder uses which, read from the text of every <c>src/**/*.cs</c>. A folder is a project and the first
/// folder under it (<c>ScaleSets.Core/Metrics</c>; files at a project's root are its <c>(root)</c>). A file uses another
/// folder when it names a type declared there (in code or in a doc comment's <c>cref</c>; by its simple name where its
/// namespace is in scope, through a <c>using</c> or an enclosing namespace, or qualified) or calls an extension method
/// declared there, counting only the projects its project references. (A <c>using</c> alone says nothing: a namespace
/// may span folders, and the build rejects unused ones.)
/// </summary>
internal sealed class SourceFolderGraph
{
    private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    private SourceFolderGraph()
    {
    }

    /// <summary>The folders, each with the folders it uses and, for each, the evidence ("File.cs: Type").</summary>
    public IReadOnlyDictionary<string, Dictionary<string, SortedSet<string>>> Edges => _edges;

    /// <summary>Reads every source file under <paramref name="srcDirectory"/>.</summary>
    public static SourceFolderGraph Read(string srcDirectory)
    {
        var graph = new SourceFolderGraph();
        var references = ProjectReferences(srcDirectory);
        var files = new List<SourceFile>();
        foreach (var path in Directory.EnumerateFiles(srcDirectory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(srcDirectory, path).Replace('\\', '/');
            var parts = relative.Split('/');
            if (parts.Length < 2 || parts.Contains("obj") || parts.Contains("bin"))
            {
                continue;
            }

            var project = parts[0];
            var folder = project + "/" + (parts.Length > 2 ? parts[1] : "(root)");
            var tree = CSharpSyntaxTree.ParseText(
                File.ReadAllText(path),
                new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.Parse),
                path);
            files.Add(new SourceFile(relative, project, folder, (CompilationUnitSyntax)tree.GetRoot()));
        }

        // type name -> declarations (namespace, folder, project)
        var types = new Dictionary<string, List<Declaration>>(StringComparer.Ordinal);
        // extension method name -> declarations (a call names the method, never its class)
        var extensions = new Dictionary<string, List<Declaration>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            graph._edges.TryAdd(file.Folder, new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal));
            foreach (var type in file.Root.DescendantNodes().OfType<MemberDeclarationSyntax>())
            {
                if (type is not (BaseTypeDeclarationSyntax or DelegateDeclarationSyntax) || type.Parent is TypeDeclarationSyntax)
                {
                    continue;
                }

                var name = type is BaseTypeDeclarationSyntax t ? t.Identifier.ValueText : ((DelegateDeclarationSyntax)type).Identifier.ValueText;
                var declaration = new Declaration(NamespaceOf(type), file.Folder, file.Project, name);
                Add(types, name, declaration);
            }

            foreach (var method in file.Root.DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (method.ParameterList.Parameters.FirstOrDefault()?.Modifiers.Any(SyntaxKind.ThisKeyword) == true)
                {
                    var name = method.Identifier.ValueText;
                    Add(extensions, name, new Declaration(NamespaceOf(method), file.Folder, file.Project, name + "()"));
                }
            }
        }

        foreach (var file in files)
        {
            graph.AddUses(file, types, extensions, references);
        }

        return graph;
    }

    /// <summary>The groups of folders that use each other, directly or through others (strongly connected, two or more).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = 0;
        var indices = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            indices[node] = low[node] = index++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in _edges[node].Keys)
            {
                if (!indices.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next) && indices.TryGetValue(next, out var nextIndex))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }

            if (low[node] == indices[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    result.Add(component);
                }
            }
        }

        foreach (var node in _edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!indices.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return result;
    }

    /// <summary>
    /// Each folder's layer within its project: 0 for a folder that uses no other folder of its project, otherwise one above
    /// the highest layer it uses (uses inside a cycle are left out).
    /// </summary>
    public IReadOnlyDictionary<string, int> Layers()
    {
        var layers = new Dictionary<string, int>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);

        int LayerOf(string folder)
        {
            if (layers.TryGetValue(folder, out var known))
            {
                return known;
            }

            if (!visiting.Add(folder))
            {
                return -1;
            }

            var layer = 0;
            foreach (var used in _edges[folder].Keys.Where(f => ProjectOf(f) == ProjectOf(folder)))
            {
                layer = Math.Max(layer, LayerOf(used) + 1);
            }

            visiting.Remove(folder);
            layers[folder] = layer;
            return layer;
        }

        foreach (var folder in _edges.Keys)
        {
            LayerOf(folder);
        }

        return layers;
    }

    /// <summary>Returns the project part of a folder's name (<c>ScaleSets.Core</c> of <c>ScaleSets.Core/Metrics</c>).</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The project.</returns>
    public static string ProjectOf(string folder) => folder[..folder.IndexOf('/', StringComparison.Ordinal)];

    private void AddUses(
        SourceFile file,
        Dictionary<string, List<Declaration>> types,
        Dictionary<string, List<Declaration>> extensions,
        Dictionary<string, HashSet<string>> references)
    {
        var visibleProjects = references.TryGetValue(file.Project, out var seen) ? seen : [];
        bool Visible(Declaration d) => d.Folder != file.Folder && (d.Project == file.Project || visibleProjects.Contains(d.Project));

        // Namespaces in scope for a simple name: the file's own and the ones enclosing it, and its usings.
        var inScope = new HashSet<string>(StringComparer.Ordinal);
        foreach (var declared in file.Root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
        {
            var name = declared.Name.ToString();
            for (var dot = name.Length; dot > 0; dot = name.LastIndexOf('.', dot - 1))
            {
                inScope.Add(name[..dot]);
            }
        }

        var enclosingNamespaces = inScope.ToList();

        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var directive in file.Root.DescendantNodes().OfType<UsingDirectiveSyntax>())
        {
            var target = directive.NamespaceOrType.ToString();
            if (directive.Alias is not null)
            {
                aliases[directive.Alias.Name.Identifier.ValueText] = target;
            }
            else if (directive.StaticKeyword.IsKind(SyntaxKind.None))
            {
                inScope.Add(target);
            }

            AddQualified(file, target, types, Visible);
        }

        foreach (var identifier in file.Root.DescendantNodes(descendIntoTrivia: true).OfType<SimpleNameSyntax>())
        {
            var name = identifier.Identifier.ValueText;
            if (identifier.Parent is QualifiedNameSyntax q && q.Right == identifier
                || identifier.Parent is MemberAccessExpressionSyntax m && m.Name == identifier)
            {
                var qualified = identifier.Parent.ToString();
                if (!identifier.Ancestors().OfType<UsingDirectiveSyntax>().Any())
                {
                    // A qualifier may be relative to an enclosing namespace (Model.AutoscaleSetting in ScaleSets.Metrics).
                    foreach (var enclosing in enclosingNamespaces)
                    {
                        AddQualified(file, enclosing + "." + qualified, types, Visible);
                    }

                    AddQualified(file, qualified, types, Visible);
                }

                if (extensions.TryGetValue(name, out var extensionMethods))
                {
                    foreach (var declaration in extensionMethods.Where(d => inScope.Contains(d.Namespace) && Visible(d)))
                    {
                        Use(file, declaration.Folder, declaration.Name);
                    }
                }

                continue;
            }

            if (aliases.TryGetValue(name, out var aliased))
            {
                AddQualified(file, aliased, types, Visible);
                continue;
            }

            if (!types.TryGetValue(name, out var declarations) || declarations.Any(d => d.Folder == file.Folder))
            {
                continue;
            }

            foreach (var declaration in declarations.Where(d => inScope.Contains(d.Namespace) && Visible(d)))
            {
                Use(file, declaration.Folder, declaration.Name);
            }
        }
    }

    private void AddQualified(SourceFile file, string qualified, Dictionary<string, List<Declaration>> types, Func<Declaration, bool> visible)
    {
        var generic = qualified.IndexOf('<', StringComparison.Ordinal);
        var plain = generic < 0 ? qualified : qualified[..generic];
        var dot = plain.LastIndexOf('.');
        if (dot <= 0 || !types.TryGetValue(plain[(dot + 1)..], out var declarations))
        {
            return;
        }

        foreach (var declaration in declarations.Where(d => d.Namespace == plain[..dot] && visible(d)))
        {
            Use(file, declaration.Folder, declaration.Name);
        }
    }

    private void Use(SourceFile file, string folder, string what)
    {
        var uses = _edges[file.Folder];
        if (!uses.TryGetValue(folder, out var evidence))
        {
            uses[folder] = evidence = new SortedSet<string>(StringComparer.Ordinal);
        }

        evidence.Add(Path.GetFileName(file.Path) + ": " + what);
    }

    private static string NamespaceOf(SyntaxNode node) =>
        string.Join('.', node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => n.Name.ToString()));

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    /// <summary>Each project directory's name, with the names of the projects it references, directly or not.</summary>
    private static Dictionary<string, HashSet<string>> ProjectReferences(string srcDirectory)
    {
        var direct = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var project in Directory.EnumerateDirectories(srcDirectory))
        {
            var name = Path.GetFileName(project);
            direct[name] = [];
            foreach (var csproj in Directory.EnumerateFiles(project, "*.csproj"))
            {
                direct[name].AddRange(XDocument.Load(csproj).Descendants("ProjectReference")
                    .Select(e => Path.GetFileName(Path.GetDirectoryName(e.Attribute("Include")!.Value.Replace('\\', '/'))!)));
            }
        }

        var all = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var name in direct.Keys)
        {
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(direct[name]);
            while (pending.TryPop(out var next))
            {
                if (reached.Add(next) && direct.TryGetValue(next, out var further))
                {
                    further.ForEach(pending.Push);
                }
            }

            all[name] = reached;
        }

        return all;
    }

    private sealed record SourceFile(string Path, string Project, string Folder, CompilationUnitSyntax Root);

    private sealed record Declaration(string Namespace, string Folder, string Project, string Name);
}
