# Get-Counter stand-in: answers the Hyper-V counter paths from the Hyper-V stand-in's state (a VM's cpuPercent,
# rxBytesPerSec, txBytesPerSec), shaped as Get-Counter's PerformanceCounterSampleSet (Timestamp, CounterSamples with
# Path, InstanceName, CookedValue). With HYPERV_STANDIN_COUNTERS_FAIL set it fails as on a host without the counters.
Set-StrictMode -Version 3.0

function Get-Counter {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]] $Counter,
        [int] $MaxSamples = 1,
        [int] $SampleInterval = 1
    )
    if ($env:HYPERV_STANDIN_COUNTERS_FAIL) {
        $record = [System.Management.Automation.ErrorRecord]::new(
            [System.InvalidOperationException]::new('The specified object was not found on the computer.'),
            'CounterApiError,Microsoft.PowerShell.Commands.GetCounterCommand',
            [System.Management.Automation.ErrorCategory]::InvalidResult,
            $Counter)
        $PSCmdlet.WriteError($record)
        return
    }
    $wanted = @($Counter | ForEach-Object { $_.Substring($_.LastIndexOf('\') + 1).ToLowerInvariant() })
    $samples = @(Hyper-V\Get-StandInCounterSamples | Where-Object { $wanted -contains $_.Path.Substring($_.Path.LastIndexOf('\') + 1) })
    [pscustomobject]@{ Timestamp = (Get-Date); CounterSamples = $samples }
}
