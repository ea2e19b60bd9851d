<#
.SYNOPSIS
Turns off and removes VMs with their differencing disks; a VM that is already gone counts as removed (request {scaleSet, ids:[{key,id}]}).
.DESCRIPTION
Shipped with ScaleSets.HyperV and run by its HyperVComputeProvider as
  pwsh -NoProfile -NonInteractive -File Remove-ScaleSetVM.ps1 <RequestBase64>
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
    foreach ($item in @($request.ids)) {
        try {
            $vm = Get-ScaleSetVmById ([string]$item.id)
            if (-not $vm) {
                $results += [ordered]@{ key = [string]$item.key; ok = $true; gone = $true }
                continue
            }
            $owner = Assert-ScaleSetOwner $vm ([string]$request.scaleSet)
            Stop-ScaleSetVmHard $vm
            Hyper-V\Remove-VM -VM $vm -Force
            # Only the differencing disk this provider made is deleted; disks a user attached stay.
            if ($owner.PSObject.Properties['disk'] -and $owner.disk -and (Test-Path -LiteralPath ([string]$owner.disk))) {
                Remove-Item -LiteralPath ([string]$owner.disk) -Force
            }
            $results += [ordered]@{ key = [string]$item.key; ok = $true }
        } catch {
            $results += [ordered]@{ key = [string]$item.key; ok = $false; error = (ConvertTo-ScaleSetError $_) }
        }
    }
    Write-ScaleSetJson @($results)
} catch {
    Exit-ScaleSetFailure $_ 4
}
