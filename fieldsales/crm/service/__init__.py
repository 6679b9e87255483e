"""After-sales service and complaints, handled to the customer's confirmation."""
