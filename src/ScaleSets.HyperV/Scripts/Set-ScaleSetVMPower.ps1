<#
.SYNOPSIS
Starts, stops (guest shutdown) or restarts (turn off, start) VMs (request {scaleSet, action, ids:[{key,id}]}).
.DESCRIPTION
Shipped with ScaleSets.HyperV and run by its HyperVComputeProvider as
  pwsh -NoProfile -NonInteractive -File Set-ScaleSetVMPower.ps1 <RequestBase64>
(or powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File ...). The request is UTF-8 JSON in Base64, so
names and notes reach Hyper-V as literal data whatever quotes, $(...), semicolons or non-ASCII letters they hold: nothing
from the request is ever parsed as PowerShell. Only module-qualified cmdlets (Hyper-V\Get-VM) are called, since other
modules (VMware PowerCLI) also define Get-VM. Runs on Windows PowerShell 5.1 and PowerShell 7.
Output: one line of JSON on stdout. Exit code 0: an array with one result per item, each ok or failed on its own.
Exit code 2: the request could not be read; 3: the Hyper-V module is missing; 4: the whole call failed. On a non-zero
exit the line is {"error":{"message","id","category"}}.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true, Position = 0)]
    [string] $RequestBase64
)

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
    $request = ConvertFrom-Json -InputObject ([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($RequestBase64)))
} catch {
    Exit-ScaleSetFailure $_ 2
}

if (-not (Get-Command -Name 'Hyper-V\Get-VM' -ErrorAction SilentlyContinue)) {
    Exit-ScaleSetFailure (New-ScaleSetErrorRecord 'The Hyper-V PowerShell module is not available: install the Hyper-V management tools (Windows feature Microsoft-Hyper-V-Management-PowerShell) on the host.' 'HyperVModuleMissing' ([System.Management.Automation.ErrorCategory]::NotInstalled) $null) 3
}

try {
    $action = [string]$request.action
    if ('Start', 'Stop', 'Restart' -cnotcontains $action) {
        Exit-ScaleSetFailure (New-ScaleSetErrorRecord ("Unknown action '" + $action + "'; expected Start, Stop or Restart.") 'ScaleSetBadRequest' ([System.Management.Automation.ErrorCategory]::InvalidArgument) $action) 2
    }
    $results = @()
    foreach ($item in @($request.ids)) {
        try {
            $vm = Get-ScaleSetVmById ([string]$item.id)
            if (-not $vm) {
                throw (New-ScaleSetErrorRecord ("Hyper-V was unable to find a virtual machine with ID `"" + [string]$item.id + "`".") 'ObjectNotFound' ([System.Management.Automation.ErrorCategory]::ObjectNotFound) $item.id)
            }
            $null = Assert-ScaleSetOwner $vm ([string]$request.scaleSet)
            $state = [string]$vm.State
            if ($action -eq 'Stop') {
                if ($state -ne 'Off') { Hyper-V\Stop-VM -VM $vm -Force }
            } else {
                if ($action -eq 'Restart') { Stop-ScaleSetVmHard $vm }
                elseif ($state -eq 'Running') { $results += [ordered]@{ key = [string]$item.key; ok = $true; vm = (ConvertTo-ScaleSetVmRecord $vm) }; continue }
                Hyper-V\Start-VM -VM $vm
            }
            $results += [ordered]@{ key = [string]$item.key; ok = $true; vm = (ConvertTo-ScaleSetVmRecord (Hyper-V\Get-VM -Id $vm.Id)) }
        } catch {
            $results += [ordered]@{ key = [string]$item.key; ok = $false; error = (ConvertTo-ScaleSetError $_) }
        }
    }
    Write-ScaleSetJson @($results)
} catch {
    Exit-ScaleSetFailure $_ 4
}
