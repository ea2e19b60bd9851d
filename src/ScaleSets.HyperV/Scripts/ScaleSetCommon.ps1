# ScaleSetCommon.ps1: the preamble every ScaleSets.HyperV script shares (error handling, JSON output, VM ownership
# notes, parent-disk checks, request decoding). It is not run on its own: each script carries the line
# "#include ScaleSetCommon.ps1" right after its param() block, and the provider puts this text in its place when it
# writes the scripts out, so every script it runs is complete and standalone (as remoting needs) while the shared
# code has one source.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false) } catch { }

function Write-ScaleSetJson($Value) {
    [Console]::Out.WriteLine((ConvertTo-Json -InputObject $Value -Depth 8 -Compress))
}

function ConvertTo-ScaleSetError($ErrorRecord) {
    $message = [string]$ErrorRecord.Exception.Message
    if ($ErrorRecord.ErrorDetails -and $ErrorRecord.ErrorDetails.Message) { $message = [string]$ErrorRecord.ErrorDetails.Message }
    [ordered]@{
        message  = $message
        id       = [string]$ErrorRecord.FullyQualifiedErrorId
        category = [string]$ErrorRecord.CategoryInfo.Category
    }
}

function Exit-ScaleSetFailure($ErrorRecord, [int] $Code) {
    Write-ScaleSetJson ([ordered]@{ error = (ConvertTo-ScaleSetError $ErrorRecord) })
    exit $Code
}

function New-ScaleSetErrorRecord([string] $Message, [string] $Id, [System.Management.Automation.ErrorCategory] $Category, $Target) {
    New-Object System.Management.Automation.ErrorRecord((New-Object System.InvalidOperationException($Message)), $Id, $Category, $Target)
}

function Get-ScaleSetOwner($Vm) {
    $notes = [string]$Vm.Notes
    if ($notes.IndexOf('"scalesets.hyperv"', [System.StringComparison]::Ordinal) -lt 0) { return $null }
    try { return (ConvertFrom-Json -InputObject $notes) } catch { return $null }
}

function ConvertTo-ScaleSetVmRecord($Vm) {
    $ips = @()
    foreach ($adapter in @(Hyper-V\Get-VMNetworkAdapter -VM $Vm)) {
        foreach ($ip in @($adapter.IPAddresses)) { if ($ip) { $ips += [string]$ip } }
    }
    $disks = @()
    foreach ($drive in @(Hyper-V\Get-VMHardDiskDrive -VM $Vm)) { if ($drive.Path) { $disks += [string]$drive.Path } }
    [ordered]@{
        id           = ([string]$Vm.Id).ToLowerInvariant()
        name         = [string]$Vm.Name
        state        = [string]$Vm.State
        heartbeat    = [string]$Vm.Heartbeat
        notes        = [string]$Vm.Notes
        creationTime = ([datetime]$Vm.CreationTime).ToUniversalTime().ToString('o', [System.Globalization.CultureInfo]::InvariantCulture)
        ipAddresses  = $ips
        disks        = $disks
    }
}

function Get-ScaleSetVmById([string] $Id) {
    # Returns $null when Hyper-V has no VM with this id (a VM that is gone), rethrows anything else.
    try {
        return (Hyper-V\Get-VM -Id $Id)
    } catch {
        $fqid = [string]$_.FullyQualifiedErrorId
        if ($fqid.StartsWith('ObjectNotFound', [System.StringComparison]::Ordinal) -or
            ([string]$_.Exception.Message).IndexOf('unable to find a virtual machine', [System.StringComparison]::OrdinalIgnoreCase) -ge 0) {
            return $null
        }
        throw
    }
}

function Assert-ScaleSetOwner($Vm, [string] $ScaleSet) {
    $owner = Get-ScaleSetOwner $Vm
    if (-not $owner -or -not ([string]$owner.scaleSet).Equals($ScaleSet, [System.StringComparison]::Ordinal)) {
        throw (New-ScaleSetErrorRecord ("The virtual machine with ID " + [string]$Vm.Id + " is not owned by scale set '" + $ScaleSet + "'; it is left untouched.") 'ScaleSetNotOwner' ([System.Management.Automation.ErrorCategory]::PermissionDenied) $Vm.Id)
    }
    $owner
}

function Stop-ScaleSetVmHard($Vm) {
    if (-not ([string]$Vm.State).Equals('Off', [System.StringComparison]::Ordinal)) {
        Hyper-V\Stop-VM -VM $Vm -TurnOff -Force
    }
}

function Test-ScaleSetSamePath([string] $A, [string] $B) {
    if (-not $A -or -not $B) { return $false }
    [System.IO.Path]::GetFullPath($A).Equals([System.IO.Path]::GetFullPath($B), [System.StringComparison]::OrdinalIgnoreCase)
}

function Get-ScaleSetOwnedVms($AllVms) {
    foreach ($vm in $AllVms) {
        $owner = Get-ScaleSetOwner $vm
        if ($owner) { [pscustomobject]@{ Vm = $vm; Owner = $owner } }
    }
}

function Get-ScaleSetParentStamp([string] $ParentPath) {
    $file = Get-Item -LiteralPath $ParentPath
    [string]::Format([System.Globalization.CultureInfo]::InvariantCulture, '{0}:{1}', $file.LastWriteTimeUtc.Ticks, $file.Length)
}

function Assert-ScaleSetParentUsable([string] $ParentPath, $AllVms, $Owned, [string] $ExceptVmId) {
    # A differencing disk is only valid while its parent is unchanged: refuse a golden image that a VM can write to,
    # and one that changed after VMs were created from it (their disks are then corrupt).
    if (-not (Test-Path -LiteralPath $ParentPath -PathType Leaf)) {
        throw (New-ScaleSetErrorRecord ("The golden image '" + $ParentPath + "' does not exist.") 'GoldenImageNotFound' ([System.Management.Automation.ErrorCategory]::ObjectNotFound) $ParentPath)
    }
    foreach ($vm in $AllVms) {
        foreach ($drive in @(Hyper-V\Get-VMHardDiskDrive -VM $vm)) {
            if (Test-ScaleSetSamePath ([string]$drive.Path) $ParentPath) {
                throw (New-ScaleSetErrorRecord ("The golden image '" + $ParentPath + "' is attached to the virtual machine '" + [string]$vm.Name + "' (ID " + [string]$vm.Id + "), which could modify it while differencing disks depend on it. Detach it, or copy it to a new path.") 'ParentDiskInUse' ([System.Management.Automation.ErrorCategory]::ResourceBusy) $ParentPath)
            }
        }
    }
    $stamp = Get-ScaleSetParentStamp $ParentPath
    foreach ($o in $Owned) {
        if ($ExceptVmId -and ([string]$o.Vm.Id).Equals($ExceptVmId, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
        if ($o.Owner.PSObject.Properties['parent'] -and (Test-ScaleSetSamePath ([string]$o.Owner.parent) $ParentPath) -and
            -not ([string]$o.Owner.parentStamp).Equals($stamp, [System.StringComparison]::Ordinal)) {
            throw (New-ScaleSetErrorRecord ("The golden image '" + $ParentPath + "' was modified after the virtual machine '" + [string]$o.Vm.Name + "' (ID " + [string]$o.Vm.Id + ") was created from it, so its differencing disk no longer matches its parent. Restore the image, or publish the change as a new file with a new model version.") 'ParentDiskModified' ([System.Management.Automation.ErrorCategory]::InvalidData) $ParentPath)
        }
    }
    $stamp
}

function New-ScaleSetNotes($Request, $Item, [string] $Stamp, [string] $Disk) {
    ConvertTo-Json -Compress -Depth 4 -InputObject ([ordered]@{
        'scalesets.hyperv' = 1
        scaleSet           = [string]$Request.scaleSet
        name               = [string]$Item.name
        token              = [string]$Item.token
        zone               = [string]$Item.zone
        modelVersion       = [string]$Item.modelVersion
        parent             = [string]$Item.parentPath
        parentStamp        = $Stamp
        disk               = $Disk
        tags               = $Item.tags
    })
}

try {
    # The provider writes the request on standard input (a command line is bounded); an argument is still accepted.
    if (-not $RequestBase64) { $RequestBase64 = [Console]::In.ReadToEnd().Trim() }
    $request = ConvertFrom-Json -InputObject ([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($RequestBase64)))
} catch {
    Exit-ScaleSetFailure $_ 2
}

if (-not (Get-Command -Name 'Hyper-V\Get-VM' -ErrorAction SilentlyContinue)) {
    Exit-ScaleSetFailure (New-ScaleSetErrorRecord 'The Hyper-V PowerShell module is not available: install the Hyper-V management tools (Windows feature Microsoft-Hyper-V-Management-PowerShell) on the host.' 'HyperVModuleMissing' ([System.Management.Automation.ErrorCategory]::NotInstalled) $null) 3
}
