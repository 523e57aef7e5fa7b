#!/usr/bin/env pwsh
# Dream's build script, for those who prefer one entry point to the dotnet commands it runs:
#
#   dotnet tool restore            # once: PowerShell 7.6 as a local .NET tool (dotnet-tools.json)
#   dotnet pwsh build.ps1          # build (Release) into .build/, the directory ./dream runs from
#   dotnet pwsh build.ps1 test     # every test: exactly `dotnet test Dream.sln`, the README's command
#   dotnet pwsh build.ps1 publish  # a framework-dependent release into .publish/ (what docker/Dockerfile ships):
#                                  # `dotnet .publish/dream.dll` runs it on any machine with the .NET 10 runtime
#   dotnet pwsh build.ps1 clean
#
# The exit status is that of the dotnet command it ran.
param(
    [ValidateSet('build', 'test', 'publish', 'clean')]
    [string] $Task = 'build'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

switch ($Task) {
    'build' { dotnet build src/Dream.Cli -c Release -o .build --nologo }
    'test'  { dotnet test Dream.sln }
    'publish' { dotnet publish src/Dream.Cli -c Release -o .publish --nologo }
    'clean' {
        dotnet clean Dream.sln --nologo
        foreach ($dir in '.build', '.publish') { if (Test-Path $dir) { Remove-Item -Recurse -Force $dir } }
    }
}
exit $LASTEXITCODE
