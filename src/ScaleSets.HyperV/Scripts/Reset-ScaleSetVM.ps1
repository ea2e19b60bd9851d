<#
.SYNOPSIS
Reimages VMs: turns them off, replaces their differencing disk with a fresh one from the golden image, resizes them and starts them, keeping id, name and zone (request {scaleSet, items:[{key,id,modelVersion,parentPath,memoryBytes,processorCount,tags}]}).
.DESCRIPTION
Shipped with ScaleSets.HyperV and run by its HyperVComputeProvider as
  pwsh -NoProfile -NonInteractive -File Reset-ScaleSetVM.ps1 <RequestBase64>
(or powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File ...). The request is UTF-8 JSON in Base64 on standard input (or as the first argument), so
names and notes reach Hyper-V as literal data whatever quotes, $(...), semicolons or non-ASCII letters they hold: nothing
from the request is ever parsed as PowerShell. Only module-qualified cmdlets (Hyper-V\Get-VM) are called, since other
modules (VMware PowerCLI) also define Get-VM. Runs on Windows PowerShell 5.1 and PowerShell 7.
Output: one line of JSON on stdout. Exit code 0: an array with one result per item, each ok or failed on its own.
Exit code 2: the request could not be read; 3: the Hyper-V module is missing; 4: the whole call failed. On a non-zero
exit the line is {"error":{"message","id","category"}}.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string] $RequestBase64
)

#include ScaleSetCommon.ps1

try {
    $all = @(Hyper-V\Get-VM)
    $owned = @(Get-ScaleSetOwnedVms $all)
    $results = @()
    foreach ($item in @($request.items)) {
        try {
            $vm = Get-ScaleSetVmById ([string]$item.id)
            if (-not $vm) {
                throw (New-ScaleSetErrorRecord ("Hyper-V was unable to find a virtual machine with ID `"" + [string]$item.id + "`".") 'ObjectNotFound' ([System.Management.Automation.ErrorCategory]::ObjectNotFound) $item.id)
            }
            $owner = Assert-ScaleSetOwner $vm ([string]$request.scaleSet)
            $stamp = Assert-ScaleSetParentUsable ([string]$item.parentPath) $all $owned ([string]$vm.Id)
            $disk = [string]$owner.disk
            Stop-ScaleSetVmHard $vm
            foreach ($drive in @(Hyper-V\Get-VMHardDiskDrive -VM $vm)) {
                if (Test-ScaleSetSamePath ([string]$drive.Path) $disk) { Hyper-V\Remove-VMHardDiskDrive -VMHardDiskDrive $drive }
            }
            if (Test-Path -LiteralPath $disk) { Remove-Item -LiteralPath $disk -Force }
            $null = Hyper-V\New-VHD -Differencing -ParentPath ([string]$item.parentPath) -Path $disk
            $drive = Hyper-V\Add-VMHardDiskDrive -VM $vm -Path $disk -Passthru
            if ([int]$vm.Generation -eq 2) { Hyper-V\Set-VMFirmware -VM $vm -FirstBootDevice $drive }
            $keep = [ordered]@{ name = [string]$owner.name; token = [string]$owner.token; zone = [string]$owner.zone; modelVersion = [string]$item.modelVersion; parentPath = [string]$item.parentPath; tags = $item.tags }
            Hyper-V\Set-VM -VM $vm -Notes (New-ScaleSetNotes $request ([pscustomobject]$keep) $stamp $disk)
            Hyper-V\Set-VMProcessor -VM $vm -Count ([int64]$item.processorCount)
            Hyper-V\Set-VMMemory -VM $vm -DynamicMemoryEnabled $false -StartupBytes ([int64]$item.memoryBytes)
            Hyper-V\Start-VM -VM $vm
            $results += [ordered]@{ key = [string]$item.key; ok = $true; vm = (ConvertTo-ScaleSetVmRecord (Hyper-V\Get-VM -Id $vm.Id)) }
        } catch {
            $results += [ordered]@{ key = [string]$item.key; ok = $false; error = (ConvertTo-ScaleSetError $_) }
        }
    }
    Write-ScaleSetJson @($results)
} catch {
    Exit-ScaleSetFailure $_ 4
}
