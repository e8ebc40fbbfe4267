"""The Qt editor: windows, panels, dialogs and printing over the pure core."""
