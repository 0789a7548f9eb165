"""Monitoring for the credit office (监测预警): dashboard panels, early-warning alerts, the monthly
analysis report and the platform-side indicators of 城市信用状况监测预警指标 (2020)."""
