"""The department's Excel sheets: the target customer sheet, the weekly plan, the import; the top of crm."""
