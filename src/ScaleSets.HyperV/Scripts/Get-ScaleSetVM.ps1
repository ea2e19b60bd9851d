<#
.SYNOPSIS
Lists the VMs of a scale set (request {scaleSet}) or looks VMs up by id (request {scaleSet, ids:[{key,id}]}).
.DESCRIPTION
Shipped with ScaleSets.HyperV and run by its HyperVComputeProvider as
  pwsh -NoProfile -NonInteractive -File Get-ScaleSetVM.ps1 [<RequestBase64>]
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
    $results = @()
    if ($request.PSObject.Properties['ids'] -and $null -ne $request.ids) {
        foreach ($item in @($request.ids)) {
            try {
                $vm = Get-ScaleSetVmById ([string]$item.id)
                if (-not $vm) {
                    $results += [ordered]@{ key = [string]$item.key; ok = $true; gone = $true }
                    continue
                }
                $null = Assert-ScaleSetOwner $vm ([string]$request.scaleSet)
                $results += [ordered]@{ key = [string]$item.key; ok = $true; vm = (ConvertTo-ScaleSetVmRecord $vm) }
            } catch {
                $results += [ordered]@{ key = [string]$item.key; ok = $false; error = (ConvertTo-ScaleSetError $_) }
            }
        }
    } else {
        foreach ($vm in @(Hyper-V\Get-VM)) {
            $owner = Get-ScaleSetOwner $vm
            if ($owner -and ([string]$owner.scaleSet).Equals([string]$request.scaleSet, [System.StringComparison]::Ordinal)) {
                $results += [ordered]@{ key = ([string]$vm.Id).ToLowerInvariant(); ok = $true; vm = (ConvertTo-ScaleSetVmRecord $vm) }
            }
        }
    }
    Write-ScaleSetJson @($results)
} catch {
    Exit-ScaleSetFailure $_ 4
}
