# Build the Windows one-folder bundle and its zip, on a Windows 10/11 PC with Python 3.10+.
#   powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1
# Result: build\dist\zhixing-tuandui\zhixing-tuandui.exe and build\zhixing-tuandui_<ver>_windows.zip
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
py -3 packaging\bootstrap.py test --version | Out-Null   # creates .venv with the project's deps
.venv\Scripts\pip install -q --disable-pip-version-check -e ".[package]"
$version = (.venv\Scripts\python -c "from model.version import VERSION; print(VERSION)").Trim()
if (Test-Path build\dist\zhixing-tuandui) { Remove-Item -Recurse -Force build\dist\zhixing-tuandui }
.venv\Scripts\pyinstaller --noconfirm --log-level WARN --distpath build\dist --workpath build\work packaging\zhixing.spec
# Check the bundle as a clerk would use it: a command without a window, then the window itself.
$db = Join-Path $env:TEMP "zhixing-check.sqlite"
if (Test-Path $db) { Remove-Item $db }
& build\dist\zhixing-tuandui\zhixing-tuandui.exe check --db $db | Out-Host
if ($LASTEXITCODE -ne 0) { throw "check failed" }
$zip = "build\zhixing-tuandui_${version}_windows.zip"
if (Test-Path $zip) { Remove-Item $zip }
Compress-Archive -Path build\dist\zhixing-tuandui -DestinationPath $zip
Write-Host "bundle: build\dist\zhixing-tuandui"
Write-Host "zip:    $zip"
